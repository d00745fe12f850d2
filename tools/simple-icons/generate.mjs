// Writes the issuer icons Lockstep bundles (crates/lockstep-core/src/icons/simple-icons/) from
// the npm package `simple-icons`:
//
//   cd tools/simple-icons && npm install --no-save simple-icons@16.37.0 && node generate.mjs
//
// index.tsv   one line per icon, sorted by slug: slug, title, hex colour, aliases (aka, dup
//             titles, localised titles; `|`-separated), license (empty: none stated, CC0)
// paths.bin   the icons' SVG path data, uncompressed, with an offset table (docs in bundled.rs)
// LICENSE.md  simple-icons' CC0 statement; licensed.tsv the icons under another license
// The app rebuilds each SVG from its path as simple-icons writes it, so only the path is kept.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), 'node_modules/simple-icons');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const data = JSON.parse(readFileSync(join(pkgDir, 'data/simple-icons.json'), 'utf8'));
const out = join(dirname(fileURLToPath(import.meta.url)), '../../crates/lockstep-core/src/icons/simple-icons');
mkdirSync(out, { recursive: true });

// Licenses a GPL-3.0-or-later program may carry (none stated means simple-icons' CC0). Icons
// under other terms (custom, non-commercial, no-derivatives, GPL-2.0-only, AGPL, older
// CC-BY-SA) are left out.
const KEEP = new Set(['CC0-1.0', 'MIT', 'Apache-2.0', 'BSD-3-Clause', 'Unlicense', 'MPL-2.0',
  'CC-BY-2.5', 'CC-BY-3.0', 'CC-BY-4.0', 'CC-BY-SA-4.0', 'GPL-3.0-only', 'GPL-3.0-or-later',
  'GPL-2.0-or-later']);
const clean = (s) => s.replace(/[\t\n|]/g, ' ').trim();

const icons = data
  .filter((i) => !i.license || KEEP.has(i.license.type))
  .map((i) => {
    const a = i.aliases ?? {};
    const aliases = [...(a.aka ?? []), ...(a.dup ?? []).map((d) => d.title), ...Object.values(a.loc ?? {})];
    const svg = readFileSync(join(pkgDir, 'icons', `${i.slug}.svg`), 'utf8');
    const path = svg.split('"', 8)[7]; // simple-icons' own svgToPath
    if (!/^m[-mzlhvcsqtae\d,. ]+$/i.test(path)) throw new Error(`odd path in ${i.slug}`);
    return { slug: i.slug, title: clean(i.title), hex: i.hex, aliases: aliases.map(clean), license: i.license?.type ?? '', source: i.source, path };
  })
  .sort((x, y) => (x.slug < y.slug ? -1 : x.slug > y.slug ? 1 : 0));

writeFileSync(join(out, 'index.tsv'),
  icons.map((i) => [i.slug, i.title, i.hex, i.aliases.join('|'), i.license].join('\t') + '\n').join(''));

const bodies = icons.map((i) => Buffer.from(i.path, 'ascii'));
const head = Buffer.alloc(8 + 4 * (bodies.length + 1));
head.write('SIP2', 0, 'ascii');
head.writeUInt32LE(bodies.length, 4);
let off = 0;
bodies.forEach((b, n) => { head.writeUInt32LE(off, 8 + 4 * n); off += b.length; });
head.writeUInt32LE(off, 8 + 4 * bodies.length);
writeFileSync(join(out, 'paths.bin'), Buffer.concat([head, ...bodies]));

writeFileSync(join(out, 'licensed.tsv'), icons.filter((i) => i.license)
  .map((i) => `${i.slug}\t${i.license}\t${i.source}\n`).join(''));
writeFileSync(join(out, 'LICENSE.md'), readFileSync(join(pkgDir, 'LICENSE.md')));
writeFileSync(join(out, 'VERSION'), `simple-icons ${pkg.version}\n`);
console.log(`${icons.length} of ${data.length} icons, paths.bin ${head.length + off} bytes`);
