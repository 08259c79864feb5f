/** What `npm start` and `xs-rainmaker sim` print so a user can try an OTA update on the simulated device. */
import { join, relative } from "node:path";
import { nextPatchVersion } from "./state-signing-key";

export interface OtaTryOptions {
  stateDir: string;
  keyFile: string;
  /** The app (project) the device runs. */
  app: string;
  /** The version it runs now. */
  running: string;
  /** `--nodes` value. */
  nodes: string;
  /** Prints the `login` line first (when the user was not shown one). */
  login?: { userName: string; password: string; baseUrl: string };
}

/** Quotes a path for a shell when it needs it. */
function shellPath(path: string): string {
  return /^[\w./@:+-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

/** The `ota build` and `ota push` commands for the running device (after the `login` line printed before). */
export function otaTryLines(options: OtaTryOptions): string[] {
  const version = nextPatchVersion(options.running);
  const rel = (p: string): string => {
    const r = relative(process.cwd(), p);
    return shellPath(r === "" || r.startsWith("..") ? p : r);
  };
  const image = rel(join(options.stateDir, `${options.app}-${version}.xsota`));
  return [
    `Try an OTA update (the device runs ${options.app} ${options.running} and trusts the key ${rel(options.keyFile)}):`,
    ...(options.login ? [`  npx xs-rainmaker login -u ${options.login.userName} -p ${options.login.password} --base-url ${options.login.baseUrl}`] : []),
    `  npx xs-rainmaker ota build --app ${options.app} --version ${version} --key ${rel(options.keyFile)} --out ${image}`,
    `  npx xs-rainmaker ota push --image ${image} --nodes ${options.nodes}`,
  ];
}
