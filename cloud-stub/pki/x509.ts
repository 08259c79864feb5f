/** The one entry to @peculiar/x509: loads the Reflect metadata polyfill it needs first (x509 README, "Reflect Polyfill Required"). */
import "reflect-metadata";

export * from "@peculiar/x509";
