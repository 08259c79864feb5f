/** The parts of an `http://` / `https://` URL the SDK's `http` Request needs. */
export interface HttpTarget {
  secure: boolean;
  host: string;
  port: number;
  /** Path with query, starting with `/`. */
  path: string;
}

/** Parses an absolute HTTP(S) URL; throws a clear error for anything else. */
export function parseHttpUrl(url: string): HttpTarget {
  const match = /^(https?):\/\/([^/?#:@]+|\[[0-9a-fA-F:.]+\])(?::(\d{1,5}))?([/?][^#]*)?(?:#.*)?$/.exec(url);
  if (!match) throw new Error(`not an absolute http(s) URL: ${url}`);
  const secure = match[1] === "https";
  const port = match[3] === undefined ? (secure ? 443 : 80) : Number(match[3]);
  if (port < 1 || port > 65535) throw new Error(`bad port in URL: ${url}`);
  let path = match[4] ?? "/";
  if (path.startsWith("?")) path = `/${path}`;
  return { secure, host: match[2]!.replace(/^\[|\]$/g, ""), port, path };
}
