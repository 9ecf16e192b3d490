// Independent judges of rosette's Verifiable Credentials, run offline by
// the Go tests: node judge.mjs <node_modules> <cases.json>.
//
// cases.json: {
//   "contexts":  {url: file},          JSON-LD contexts the loader serves
//   "documents": {url: file},          DID documents (and other documents)
//   "now":       "2025-01-01T00:00:00Z",
//   "credentials": [file],             @digitalbazaar/vc verifies each
//   "jwts": [{"token": file, "jwk": file}],   jose verifies each
//   "canonize": [file]                 jsonld.js + rdf-canonize canonize each
// }
// It prints {"credentials": [{file, verified, error}], "jwts": [{file,
// payload, error}], "canonize": [{file, nquads, error}]} as JSON.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

const [modules, casesFile] = process.argv.slice(2);
const require = createRequire(path.join(modules, 'noop.js'));
const load = async (name) => import(require.resolve(name));

const vc = await load('@digitalbazaar/vc');
const {DataIntegrityProof} = await load('@digitalbazaar/data-integrity');
const {cryptosuite} = await load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
const jose = await load('jose');
const jsonld = (await load('jsonld')).default;

const cases = JSON.parse(readFileSync(casesFile, 'utf8'));
const readJSON = (f) => JSON.parse(readFileSync(f, 'utf8'));
const contexts = new Map(Object.entries(cases.contexts || {}).map(([u, f]) => [u, readJSON(f)]));
const documents = new Map(Object.entries(cases.documents || {}).map(([u, f]) => [u, readJSON(f)]));

// The document loader: embedded contexts and the test's documents only;
// a verification method (url#fragment) is looked up in its document.
async function documentLoader(url) {
  if (contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if (documents.has(url)) {
    return {contextUrl: null, documentUrl: url, document: documents.get(url)};
  }
  const [base] = url.split('#');
  if (url.includes('#') && documents.has(base)) {
    const doc = documents.get(base);
    for (const vm of doc.verificationMethod || []) {
      if (vm.id === url) {
        return {contextUrl: null, documentUrl: url,
          document: {'@context': doc['@context'], ...vm}};
      }
    }
  }
  throw new Error(`document loader: ${url} is not served (nothing is fetched)`);
}

const out = {credentials: [], jwts: [], canonize: []};
const suite = new DataIntegrityProof({cryptosuite});
for (const file of cases.credentials || []) {
  const r = {file, verified: false, error: ''};
  try {
    const result = await vc.verifyCredential({
      credential: readJSON(file), suite, documentLoader, now: cases.now,
      checkStatus: async () => ({verified: true})
    });
    r.verified = result.verified === true;
    if (!r.verified) {
      const errs = [result.error, ...(result.results || []).map(x => x.error)].filter(Boolean);
      r.error = errs.map(e => (e.errors || [e]).map(x => x.message).join('; ')).join('; ') || 'not verified';
    }
  } catch (e) {
    r.error = String(e && e.message || e);
  }
  out.credentials.push(r);
}
for (const {token, jwk} of cases.jwts || []) {
  const r = {file: token, payload: null, header: null, error: ''};
  try {
    const key = await jose.importJWK(readJSON(jwk), 'RS256');
    const t = readFileSync(token, 'utf8').trim();
    const {payload, protectedHeader} = await jose.jwtVerify(t, key, {
      algorithms: ['RS256'], currentDate: new Date(cases.now)});
    r.payload = payload;
    r.header = protectedHeader;
  } catch (e) {
    r.error = String(e && e.message || e);
  }
  out.jwts.push(r);
}
for (const file of cases.canonize || []) {
  const r = {file, nquads: '', error: ''};
  try {
    r.nquads = await jsonld.canonize(readJSON(file), {
      algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true});
  } catch (e) {
    r.error = String(e && e.message || e);
  }
  out.canonize.push(r);
}
process.stdout.write(JSON.stringify(out));
