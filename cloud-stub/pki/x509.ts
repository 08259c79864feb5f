/** The one entry to @peculiar/x509: loads the Reflect metadata shim first (see reflect-metadata-shim.ts). */
import "./reflect-metadata-shim";

export * from "@peculiar/x509";
