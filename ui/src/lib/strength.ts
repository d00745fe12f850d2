/** Password strength (zxcvbn-ts), loaded lazily so the codes screen does not pay for it. */
export type Strength = { score: 0 | 1 | 2 | 3 | 4; warning: string; acceptable: boolean };

/** Scores below this are refused when creating a vault or changing the password. */
export const MIN_SCORE = 2;

let ready: Promise<(pw: string) => Strength> | null = null;

function load(): Promise<(pw: string) => Strength> {
  ready ??= (async () => {
    const [{ ZxcvbnFactory }, common] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
    ]);
    const factory = new ZxcvbnFactory({
      dictionary: common.dictionary,
      graphs: common.adjacencyGraphs,
    });
    return (pw: string) => {
      const r = factory.check(pw);
      return {
        score: r.score,
        warning: r.feedback.warning ?? '',
        acceptable: pw.length >= 8 && r.score >= MIN_SCORE,
      };
    };
  })();
  return ready;
}

/** Scores a password. */
export async function strength(pw: string): Promise<Strength> {
  return (await load())(pw);
}
