/**
 * GS1 element strings as printed on (or scanned from) a pack's DataMatrix: the four EU FMD / DSCSA
 * fields GTIN (AI 01), serial (AI 21), lot (AI 10) and expiry (AI 17).
 *
 * Accepted forms:
 * - human-readable, with parenthesised AIs: `(01)00300012345671(17)280331(10)L2026A117(21)SN7Q4K2M9X01`;
 * - as a scanner sends it: an optional symbology identifier (`]d2`, `]C1`, `]Q3`, `]e0`), AIs
 *   without parentheses, each variable-length field ended by the GS separator (FNC1, ASCII 29)
 *   unless it is last. Typed by hand, the separator may be written `<GS>`, `{GS}`, `\x1d` or `␝`.
 */
export interface Pack {
  gtin: string;
  serial: string;
  lot: string;
  expiry: string;
}

const GS = "\u001d";
/** Fixed-length AIs (data length) that may appear beside the four on a pack. */
const FIXED: Record<string, number> = { "00": 18, "01": 14, "02": 14, "11": 6, "12": 6, "13": 6, "15": 6, "16": 6, "17": 6, "20": 2 };
/** Variable-length AIs (maximum data length): lot, serial, and the national codes seen on packs. */
const VARIABLE: Record<string, number> = {
  "10": 20, "21": 20, "22": 20, "240": 30, "241": 30, "30": 8, "37": 8,
  "710": 20, "711": 20, "712": 20, "713": 20, "714": 20, "715": 20,
};

export class Gs1Error extends Error {}

/** The AIs of an element string, in order (AI → data). */
export function parseElementString(input: string): Map<string, string> {
  let s = input
    .trim()
    .replace(/<GS>|\{GS\}|\\x1d|\\u001d|␝|\[FNC1\]/gi, GS);
  const out = new Map<string, string>();
  const put = (ai: string, data: string) => {
    if (out.has(ai)) throw new Gs1Error(`AI (${ai}) appears twice`);
    out.set(ai, data);
  };
  if (s.startsWith("(")) {
    const re = /\((\d{2,4})\)([^(]*)/gy;
    let m: RegExpExecArray | null;
    let end = 0;
    while ((m = re.exec(s))) {
      put(m[1], m[2].replaceAll(GS, "").trim());
      end = re.lastIndex;
    }
    if (end !== s.length) throw new Gs1Error(`cannot read the element string after position ${end}`);
    return out;
  }
  s = s.replace(/^\](d2|C1|Q3|e0)/, "").replace(new RegExp(`^${GS}+`), "");
  let i = 0;
  while (i < s.length) {
    const ai = [2, 3].map((n) => s.slice(i, i + n)).find((a) => a in FIXED || a in VARIABLE);
    if (!ai) throw new Gs1Error(`unknown or unsupported AI at position ${i}: "${s.slice(i, i + 4)}"`);
    i += ai.length;
    if (ai in FIXED) {
      const data = s.slice(i, i + FIXED[ai]);
      if (data.length !== FIXED[ai] || data.includes(GS)) {
        throw new Gs1Error(`AI (${ai}) needs ${FIXED[ai]} characters`);
      }
      put(ai, data);
      i += FIXED[ai];
      if (s[i] === GS) i++;
    } else {
      const stop = s.indexOf(GS, i);
      const data = stop < 0 ? s.slice(i) : s.slice(i, stop);
      if (data.length === 0 || data.length > VARIABLE[ai]) {
        throw new Gs1Error(`AI (${ai}) holds 1 to ${VARIABLE[ai]} characters`);
      }
      put(ai, data);
      i = stop < 0 ? s.length : stop + 1;
    }
  }
  return out;
}

/** The pack's four fields from an element string; every one is required. */
export function parsePack(input: string): Pack {
  const ais = parseElementString(input);
  const need = (ai: string, name: string) => {
    const v = ais.get(ai);
    if (!v) throw new Gs1Error(`the element string has no ${name} (AI ${ai})`);
    return v;
  };
  return { gtin: need("01", "GTIN"), serial: need("21", "serial"), lot: need("10", "lot"), expiry: need("17", "expiry") };
}

/** True when a GTIN-14 has 14 digits and a valid GS1 check digit. */
export function gtinValid(gtin: string): boolean {
  if (!/^\d{14}$/.test(gtin)) return false;
  const d = [...gtin].map(Number);
  const sum = d.slice(0, 13).reduce((acc, x, i) => acc + x * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === d[13];
}

/** `YYMMDD` as a readable date (`DD` = 00: the end of that month). */
export function expiryText(yymmdd: string): string {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!m) return yymmdd;
  const [yy, mm, dd] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const year = 2000 + yy;
  const date = dd === 0 ? new Date(Date.UTC(year, mm, 0)) : new Date(Date.UTC(year, mm - 1, dd));
  return date.toISOString().slice(0, 10);
}
