#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A second, independent reader of Lockstep vault files, written only from docs/vault-format.md.

    python3 tools/read_vault.py VAULT (--password PW | --recovery-key KEY | --data-key HEX)
                                [--at UNIX] [--show-keys]

The credential may also come from LOCKSTEP_PASSWORD or LOCKSTEP_RECOVERY_KEY. Prints
{"vault_id": hex, "entries": [...]} as JSON on stdout: every entry with all its members (defaults
filled in, the secret in canonical base32) and, with --at, its "code" at that Unix time (HOTP: at
its counter). --data-key opens the payload with a data key directly (as a vault holding its
earlier data keys does with its own older files). Reads format versions 1, 2 and 3 (2 with members). A file the spec says to reject prints "error: <kind>: <why>" on stderr and exits 1;
usage errors exit 2.

Needs: pip install cryptography argon2-cffi
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import struct
import sys
import uuid

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"LOCKSTEP"
VERSIONS = (1, 2, 3)
MAX_SLOTS = 32
MAX_PAYLOAD = 67_108_864
PASSWORD, RECOVERY, KEYRING = 1, 2, 3
PARAMS_LEN = {PASSWORD: 28, RECOVERY: 16, KEYRING: 8}
STEAM_CHARS = "23456789BCDFGHJKMNPQRTVWXY"


class Reject(Exception):
    """The spec says to reject the file; `kind` is the error kind it names."""

    def __init__(self, kind, why):
        super().__init__(why)
        self.kind = kind


def truncated():
    return Reject("corrupt_vault", "the file is truncated")


class Cursor:
    def __init__(self, data, pos):
        self.data, self.pos = data, pos

    def take(self, n):
        if self.pos + n > len(self.data):
            raise truncated()
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def uint(self, n):
        return int.from_bytes(self.take(n), "big")


def parse(data):
    """Checks 1-12 of "Reading a vault". Returns (version, header, vault_id, key_id, slots, nonce,
    payload); key_id is None in version 1."""
    if len(data) < 8:
        if len(data) == 0:
            raise Reject("corrupt_vault", "the file is empty")
        if MAGIC.startswith(data):
            raise truncated()
        raise Reject("not_a_vault", "not a Lockstep vault")
    if data[:8] != MAGIC:
        raise Reject("not_a_vault", "not a Lockstep vault")
    if len(data) < 10:
        raise truncated()
    version = int.from_bytes(data[8:10], "big")
    if version not in VERSIONS:
        raise Reject("unsupported_version", f"version {version}")
    if len(data) < 42:
        raise truncated()
    body, checksum = data[:-32], data[-32:]
    if hashlib.sha256(body).digest() != checksum:
        raise Reject("corrupt_vault", "the checksum does not match")

    r = Cursor(body, 10)
    vault_id = r.take(16)
    key_id = r.take(16) if version >= 2 else None
    count = r.uint(1)
    if count == 0 or count > MAX_SLOTS:
        raise Reject("corrupt_vault", f"slot count {count}")
    slots = []
    for _ in range(count):
        start = r.pos
        kind = r.uint(1)
        slot_id = r.take(16)
        plen = r.uint(2)
        params = r.take(plen)
        if kind not in PARAMS_LEN:
            raise Reject("unsupported_slot", f"slot type {kind}")
        if plen != PARAMS_LEN[kind]:
            raise Reject("corrupt_vault", f"slot type {kind} with params length {plen}")
        slot = {"type": kind, "id": slot_id, "params": params}
        if kind == PASSWORD:
            m, t, p = struct.unpack(">III", params[16:28])
            if not (8192 <= m <= 262_144 and 1 <= t <= 10 and 1 <= p <= 8 and m >= 8 * p):
                raise Reject("kdf_params_out_of_bounds", f"m={m} t={t} p={p}")
            slot.update(salt=params[:16], m=m, t=t, p=p)
        elif kind == RECOVERY:
            slot["salt"] = params
        else:
            slot["expires"] = int.from_bytes(params, "big")
        if version == 1:
            slot["nonce"] = r.take(12)
            slot["wrapped"] = r.take(48)
            slot["aad_context"] = vault_id + body[start : start + 19 + plen]
        else:
            slot["public"] = r.take(32)
            slot["nonce"] = r.take(12)
            slot["wrapped"] = r.take(48)
            slot["ephemeral"] = r.take(32)
            slot["key_nonce"] = r.take(12)
            slot["wrapped_key"] = r.take(48)
            slot["aad_context"] = vault_id + body[start : start + 19 + plen + 32]
        slots.append(slot)
    types = [s["type"] for s in slots]
    passwords_ok = types.count(PASSWORD) > 1 if version == 3 else types.count(PASSWORD) == 1
    if not passwords_ok or types.count(RECOVERY) > 1:
        raise Reject("corrupt_vault", "needs one password slot (version 3: more) and at most one recovery slot")
    header = body[: r.pos]
    nonce = r.take(12)
    length = r.uint(4)
    if not 16 <= length <= MAX_PAYLOAD:
        raise Reject("corrupt_vault", f"payload length {length}")
    payload = r.take(length)
    if r.pos != len(body):
        raise Reject("corrupt_vault", "extra bytes after the payload")
    return version, header, vault_id, key_id, slots, nonce, payload


def aes_open(key, nonce, sealed, aad):
    try:
        return AESGCM(key).decrypt(nonce, sealed, aad)
    except InvalidTag:
        return None


def unwrap(version, vault_id, key_id, slot, slot_key, wrong):
    """Version 1: slot aad = "lockstep.slot.v1" || vault id || type || slot id || len16(params)
    || params, and the slot key opens the data key. Version 2: the slot key opens the slot secret
    (aad "lockstep.slot.v2" || ... || params || slot public key); X25519(slot secret, ephemeral
    public) through HKDF gives the wrap key, which opens the data key."""
    if version == 1:
        data_key = aes_open(slot_key, slot["nonce"], slot["wrapped"], b"lockstep.slot.v1" + slot["aad_context"])
        if data_key is None:
            raise Reject(wrong, "the credential does not open the vault")
        return data_key
    secret = aes_open(slot_key, slot["nonce"], slot["wrapped"], b"lockstep.slot.v2" + slot["aad_context"])
    if secret is None:
        raise Reject(wrong, "the credential does not open the vault")
    shared = X25519PrivateKey.from_private_bytes(secret).exchange(
        X25519PublicKey.from_public_bytes(slot["ephemeral"])
    )
    if shared == bytes(32):
        raise Reject("corrupt_vault", "the slot's ephemeral key is a low-order point")
    wrap_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=slot["ephemeral"] + slot["public"], info=b"lockstep.wrap.v2"
    ).derive(shared)
    aad = b"lockstep.datakey.v2" + vault_id + key_id + slot["id"]
    data_key = aes_open(wrap_key, slot["key_nonce"], slot["wrapped_key"], aad)
    if data_key is None:
        raise Reject("corrupt_vault", "the slot opens but does not hold this file's data key")
    return data_key


def recovery_bytes(text):
    cleaned = "".join(c for c in text if not c.isspace() and c != "-").upper()
    if len(cleaned) != 32 or any(c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for c in cleaned):
        raise Reject("malformed_recovery_key", "not a recovery key")
    return base64.b32decode(cleaned)


def password_key(slot, password):
    return hash_secret_raw(
        password.encode("utf-8"), slot["salt"], slot["t"], slot["m"], slot["p"], 32, Type.ID, 0x13
    )


def unwrap_password(version, vault_id, key_id, slots, password):
    """Step 13 with a password: every password slot (one per member) in file order; the first
    whose wrapped secret opens gives the data key. Returns (slot key, data key)."""
    for slot in (s for s in slots if s["type"] == PASSWORD):
        key = password_key(slot, password)
        try:
            return key, unwrap(version, vault_id, key_id, slot, key, "wrong_password")
        except Reject as r:
            if r.kind != "wrong_password":
                raise
    raise Reject("wrong_password", "the password opens no password slot")


def slot_key_for(slots, password, recovery):
    """Step 13 with the recovery key: returns (slot, slot key)."""
    ikm = recovery_bytes(recovery)
    slot = next((s for s in slots if s["type"] == RECOVERY), None)
    if slot is None:
        raise Reject("slot", "the vault has no recovery slot")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=slot["salt"], info=b"lockstep.recovery.v1")
    return slot, hkdf.derive(ikm), "wrong_recovery_key"


def no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise Reject("corrupt_vault", f"duplicate member {k!r}")
        obj[k] = v
    return obj


def reject_constant(name):
    raise Reject("corrupt_vault", f"not JSON: {name}")


def secret_bytes(text):
    cleaned = "".join(c for c in text if not c.isspace() and c not in "-=").upper()
    if not cleaned or len(cleaned) % 8 in (1, 3, 6):
        raise Reject("corrupt_vault", "bad secret")
    if any(c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for c in cleaned):
        raise Reject("corrupt_vault", "bad secret")
    # Unused low bits of the last character are ignored: pad and let b32decode drop them.
    raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    if not 1 <= len(raw) <= 1024:
        raise Reject("corrupt_vault", "bad secret length")
    return raw


def canonical_base32(raw):
    return base64.b32encode(raw).decode("ascii").rstrip("=")


# member: (required, default, check)
def is_uint(bits):
    return lambda v: type(v) is int and 0 <= v < 2**bits


SCHEMA = {
    "id": (True, None, lambda v: isinstance(v, str)),
    "kind": (True, None, lambda v: v in ("totp", "hotp", "steam")),
    "issuer": (False, "", lambda v: isinstance(v, str)),
    "account": (False, "", lambda v: isinstance(v, str)),
    "secret": (True, None, lambda v: isinstance(v, str)),
    "algorithm": (True, None, lambda v: v in ("SHA1", "SHA256", "SHA512")),
    "digits": (True, None, is_uint(8)),
    "period": (False, 30, is_uint(32)),
    "counter": (False, 0, is_uint(64)),
    "tags": (False, [], lambda v: isinstance(v, list) and all(isinstance(t, str) for t in v)),
    "note": (False, "", lambda v: isinstance(v, str)),
    "favorite": (False, False, lambda v: isinstance(v, bool)),
    "icon": (False, None, lambda v: v is None or isinstance(v, str)),
    "created": (True, None, is_uint(64)),
    "modified": (True, None, is_uint(64)),
    "position": (False, 0, is_uint(32)),
}


def entries_from(plaintext):
    """Steps 15-16: the JSON schema and the ranges."""
    try:
        text = plaintext.decode("utf-8")
        if text.startswith("\ufeff"):
            raise ValueError("byte order mark")
        doc = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=reject_constant)
    except (UnicodeDecodeError, ValueError) as e:
        raise Reject("corrupt_vault", f"payload is not JSON: {e}")
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise Reject("corrupt_vault", "no entries array")
    out = []
    for raw in doc["entries"]:
        if not isinstance(raw, dict):
            raise Reject("corrupt_vault", "an entry is not an object")
        e = {}
        for name, (required, default, check) in SCHEMA.items():
            if name not in raw:
                if required:
                    raise Reject("corrupt_vault", f"entry lacks {name}")
                e[name] = default
            elif not check(raw[name]):
                raise Reject("corrupt_vault", f"bad {name}: {raw[name]!r}")
            else:
                e[name] = raw[name]
        e["secret"] = canonical_base32(secret_bytes(e["secret"]))
        try:
            e["id"] = str(uuid.UUID(e["id"]))
        except ValueError:
            raise Reject("corrupt_vault", f"bad id {e['id']!r}")
        out.append(e)
    for e in out:
        if e["kind"] == "steam" and e["digits"] != 5:
            raise Reject("corrupt_vault", "steam entries have 5 digits")
        if e["kind"] != "steam" and not 6 <= e["digits"] <= 10:
            raise Reject("corrupt_vault", f"digits {e['digits']}")
        if e["kind"] != "hotp" and e["period"] == 0:
            raise Reject("corrupt_vault", "period 0")
    return out


def truncated_value(key, counter, algorithm):
    mac = hmac.new(key, counter.to_bytes(8, "big"), algorithm).digest()
    offset = mac[-1] & 0x0F
    return int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF


def code(e, at):
    key = secret_bytes(e["secret"])
    if e["kind"] == "steam":
        value = truncated_value(key, at // e["period"], hashlib.sha1)
        chars = []
        for _ in range(5):
            chars.append(STEAM_CHARS[value % 26])
            value //= 26
        return "".join(chars)
    algorithm = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}[
        e["algorithm"]
    ]
    counter = e["counter"] if e["kind"] == "hotp" else at // e["period"]
    value = truncated_value(key, counter, algorithm)
    return str(value % 10 ** e["digits"]).zfill(e["digits"])


def previous_keys_from(plaintext):
    """Version 2: the payload's earlier data keys, {"id": hex, "key": hex} each."""
    doc = json.loads(plaintext.decode("utf-8"))
    out = []
    for k in doc.get("previous_keys", []):
        ok = isinstance(k, dict) and isinstance(k.get("id"), str) and isinstance(k.get("key"), str)
        if not ok or len(k["id"]) != 32 or len(k["key"]) != 64 or not all(
            c in "0123456789abcdef" for c in k["id"] + k["key"]
        ):
            raise Reject("corrupt_vault", "a malformed earlier data key")
        out.append({"id": k["id"], "key": k["key"]})
    return out


def read(data, password=None, recovery=None, at=None, show_keys=False, data_key=None):
    version, header, vault_id, key_id, slots, nonce, payload = parse(data)
    slot_key = None
    if data_key is None and password is not None:
        slot_key, data_key = unwrap_password(version, vault_id, key_id, slots, password)
    elif data_key is None:
        slot, slot_key, wrong = slot_key_for(slots, None, recovery)
        data_key = unwrap(version, vault_id, key_id, slot, slot_key, wrong)
    label = b"lockstep.payload.v1" if version == 1 else b"lockstep.payload.v2"
    plaintext = aes_open(data_key, nonce, payload, label + header)
    if plaintext is None:
        raise Reject("corrupt_vault", "the payload does not authenticate")
    entries = entries_from(plaintext)
    previous = previous_keys_from(plaintext) if version >= 2 else []
    if at is not None:
        for e in entries:
            e["code"] = code(e, at)
    out = {"vault_id": vault_id.hex(), "version": version, "entries": entries}
    members = json.loads(plaintext).get("members") if version >= 2 else None
    if members:
        out["members"] = members
    if key_id is not None:
        out["key_id"] = key_id.hex()
    if show_keys:
        if slot_key is not None:
            out["slot_key"] = slot_key.hex()
        out["data_key"] = data_key.hex()
        out["previous_keys"] = previous
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("vault")
    ap.add_argument("--password")
    ap.add_argument("--recovery-key")
    ap.add_argument("--data-key", help="open the payload with this data key (64 hex digits)")
    ap.add_argument("--at", type=int, help="Unix time for codes (default: no codes)")
    ap.add_argument("--show-keys", action="store_true", help="also print the slot and data keys")
    a = ap.parse_args()
    if sum(x is not None for x in (a.password, a.recovery_key, a.data_key)) > 1:
        ap.error("give one of --password, --recovery-key or --data-key")
    password, recovery = a.password, a.recovery_key
    data_key = None
    if a.data_key is not None:
        try:
            data_key = bytes.fromhex(a.data_key)
        except ValueError:
            data_key = b""
        if len(data_key) != 32:
            ap.error("--data-key takes 64 hex digits")
    if password is None and recovery is None and data_key is None:
        password = os.environ.get("LOCKSTEP_PASSWORD")
        recovery = None if password is not None else os.environ.get("LOCKSTEP_RECOVERY_KEY")
    if password is None and recovery is None and data_key is None:
        ap.error("give --password or --recovery-key (or LOCKSTEP_PASSWORD / LOCKSTEP_RECOVERY_KEY)")
    with open(a.vault, "rb") as f:
        data = f.read()
    try:
        out = read(data, password, recovery, a.at, a.show_keys, data_key)
    except Reject as e:
        print(f"error: {e.kind}: {e}", file=sys.stderr)
        return 1
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
