/** Object identifiers used by node keys, CSRs and certificates (RFC 5280, 8017, 5480, 5758). */
export const Oids = Object.freeze({
  commonName: "2.5.4.3",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRsa: "1.2.840.113549.1.1.11",
  ecPublicKey: "1.2.840.10045.2.1",
  prime256v1: "1.2.840.10045.3.1.7",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
});
