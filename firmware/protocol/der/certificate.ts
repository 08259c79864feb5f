/** The few fields a node reads from its X.509 certificate (RFC 5280 4.1). */
import { DerError, expectElement, readChildren, readElement } from "./reader";
import type { DerElement } from "./reader";
import { utf8Decode } from "../bytes";

export interface CertificateFields {
  /** Subject CN (the node id for node certificates). */
  readonly commonName: string | undefined;
  readonly notBefore: number;
  /** Epoch milliseconds. */
  readonly notAfter: number;
  /** DER SubjectPublicKeyInfo. */
  readonly subjectPublicKeyInfo: Uint8Array;
}

const CN_OID = Uint8Array.of(0x55, 0x04, 0x03);

function sameBytes(bytes: Uint8Array, el: DerElement, want: Uint8Array): boolean {
  if (el.end - el.start !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (bytes[el.start + i] !== want[i]) return false;
  return true;
}

function digits(s: string, from: number, n: number): number {
  const part = s.slice(from, from + n);
  if (!/^\d+$/.test(part) || part.length !== n) throw new DerError("bad time digits", 0);
  return Number(part);
}

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) to epoch ms (RFC 5280 4.1.2.5). */
export function readTime(bytes: Uint8Array, el: DerElement): number {
  let text = "";
  for (let i = el.start; i < el.end; i++) text += String.fromCharCode(bytes[i]);
  let year: number;
  let rest: string;
  if (el.tag === 0x17 && text.length === 13) {
    const yy = digits(text, 0, 2);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = text.slice(2);
  } else if (el.tag === 0x18 && text.length === 15) {
    year = digits(text, 0, 4);
    rest = text.slice(4);
  } else {
    throw new DerError("unsupported time", el.offset);
  }
  if (rest[10] !== "Z") throw new DerError("time is not UTC", el.offset);
  return Date.UTC(year, digits(rest, 0, 2) - 1, digits(rest, 2, 2), digits(rest, 4, 2), digits(rest, 6, 2), digits(rest, 8, 2));
}

function commonNameOf(bytes: Uint8Array, name: DerElement): string | undefined {
  for (const rdn of readChildren(bytes, name)) {
    for (const atv of readChildren(bytes, rdn)) {
      const [oid, value] = readChildren(bytes, atv);
      if (oid && value && oid.tag === 0x06 && sameBytes(bytes, oid, CN_OID)) return utf8Decode(bytes.subarray(value.start, value.end));
    }
  }
  return undefined;
}

/** Parses a DER certificate; throws {@link DerError} when it is not one. */
export function readCertificate(der: Uint8Array): CertificateFields {
  const cert = expectElement(der, 0, 0x30);
  if (cert.end !== der.length) throw new DerError("trailing bytes after certificate", cert.end);
  const tbs = expectElement(der, cert.start, 0x30, cert.end);
  const fields = readChildren(der, tbs);
  let i = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[i++];
  const signature = fields[i++];
  const issuer = fields[i++];
  const validity = fields[i++];
  const subject = fields[i++];
  const spki = fields[i++];
  if (!serial || serial.tag !== 0x02 || !signature || !issuer || !validity || validity.tag !== 0x30 || !subject || subject.tag !== 0x30 || !spki || spki.tag !== 0x30) {
    throw new DerError("not an X.509 TBSCertificate", tbs.offset);
  }
  const [notBefore, notAfter] = readChildren(der, validity);
  if (!notBefore || !notAfter) throw new DerError("validity incomplete", validity.offset);
  readElement(der, spki.offset);
  return {
    commonName: commonNameOf(der, subject),
    notBefore: readTime(der, notBefore),
    notAfter: readTime(der, notAfter),
    subjectPublicKeyInfo: der.slice(spki.offset, spki.end),
  };
}
