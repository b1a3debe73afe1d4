// Throwaway certificates for TLS tests, made with the openssl command line
// tool (OpenSSL 3) in a folder the caller names (a temporary one; never the
// repository). All keys are EC P-256, all certificates valid for 2 days:
//   ca.pem, ca-key.pem          a test CA
//   server.pem, server-key.pem  a server certificate for 127.0.0.1 and
//                               localhost (subjectAltName IP:127.0.0.1,
//                               DNS:localhost), signed by that CA
//   other-ca.pem                a second, unrelated CA (its key is thrown
//                               away), for "must not trust this" tests
// In process: makeTestCa(dir) returns { caCert, caKey, serverCert, serverKey,
// otherCaCert } (absolute paths). CLI: node make-test-ca.mjs DIR prints them
// as JSON.
import { execFileSync } from "node:child_process";
import { mkdirSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DAYS = "2";

export function makeTestCa(dir) {
  refuseRepositoryFolder(path.resolve(dir)); // before creating anything
  mkdirSync(dir, { recursive: true });
  const folder = realpathSync(dir);
  refuseRepositoryFolder(folder); // a symbolic link into it
  const file = (name) => path.join(folder, name);
  const paths = {
    caCert: file("ca.pem"),
    caKey: file("ca-key.pem"),
    serverCert: file("server.pem"),
    serverKey: file("server-key.pem"),
    otherCaCert: file("other-ca.pem"),
  };
  newCertificate({
    subject: "/CN=scan-login test CA",
    keyOut: paths.caKey,
    certOut: paths.caCert,
    extensions: CA_EXTENSIONS,
  });
  newCertificate({
    subject: "/CN=127.0.0.1",
    keyOut: paths.serverKey,
    certOut: paths.serverCert,
    extensions: SERVER_EXTENSIONS,
    signer: { cert: paths.caCert, key: paths.caKey },
  });
  newCertificate({
    subject: "/CN=scan-login other test CA",
    keyOut: "/dev/null",
    certOut: paths.otherCaCert,
    extensions: CA_EXTENSIONS,
  });
  return paths;
}

const CA_EXTENSIONS = [
  "basicConstraints=critical,CA:TRUE",
  "keyUsage=critical,keyCertSign,cRLSign",
];
const SERVER_EXTENSIONS = [
  "subjectAltName=IP:127.0.0.1,DNS:localhost",
  "basicConstraints=critical,CA:FALSE",
  "keyUsage=critical,digitalSignature",
  "extendedKeyUsage=serverAuth",
];

// A new key and a certificate for it: self-signed, or signed by `signer`.
// `-config /dev/null` keeps the system's openssl.cnf from adding extensions.
function newCertificate({ subject, keyOut, certOut, extensions, signer }) {
  const args = ["req", "-config", "/dev/null", "-x509", "-newkey", "ec"];
  args.push("-pkeyopt", "ec_paramgen_curve:P-256", "-noenc", "-days", DAYS, "-subj", subject);
  args.push("-keyout", keyOut, "-out", certOut);
  for (const extension of extensions) args.push("-addext", extension);
  if (signer) args.push("-CA", signer.cert, "-CAkey", signer.key);
  try {
    execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    throw new Error(`openssl ${args.join(" ")} failed: ${error.stderr ?? error.message}`);
  }
}

function refuseRepositoryFolder(folder) {
  const relative = path.relative(realpathSync(REPOSITORY), folder);
  if (relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative))) {
    throw new Error(`makeTestCa: ${folder} is inside the repository; pass a temporary folder`);
  }
}

const runAsProgram =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (runAsProgram) {
  if (process.argv.length !== 3) {
    process.stderr.write("usage: node make-test-ca.mjs DIR\n");
    process.exit(2);
  }
  try {
    process.stdout.write(`${JSON.stringify(makeTestCa(process.argv[2]), null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
