// Independent judges of a built site's Open Badges 3.0 output, run offline
// by the Go tests: node ob3-judges.mjs <node_modules> <cases.json>.
//
// cases.json: {
//   "base": "https://…/", "dir": "<built site>",   URLs under base are
//                                                  served from dir
//   "contexts": {url: file},                       JSON-LD contexts
//   "schema": file,                                the 1EdTech schema
//   "credentials": [{file, now}],  each: @digitalbazaar/vc verifies its
//                            proof at now, vc-bitstring-status-list reads
//                            its status, ajv (draft 2019-09) validates it
//   "statusLists": [{file, now}],  each: @digitalbazaar/vc verifies it
//   "endorsements": [{file, now}], each: @digitalbazaar/vc verifies it (the
//                            schema covers only AchievementCredentials; the
//                            proof's canonicalization refuses terms that the
//                            contexts do not define)
//   "jwts": [{file, now}]    each: jose verifies it with the JWK at its kid
// }
// Nothing is fetched: the document loader serves only those files, the
// contexts, and the DID and security contexts of
// @digitalbazaar/security-document-loader.
import {readFileSync, existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

const [modules, casesFile] = process.argv.slice(2);
const require = createRequire(path.join(modules, 'noop.js'));
const load = async (name) => import(require.resolve(name));

const vc = await load('@digitalbazaar/vc');
const {DataIntegrityProof} = await load('@digitalbazaar/data-integrity');
const {cryptosuite} = await load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
const {checkStatus} = await load('@digitalbazaar/vc-bitstring-status-list');
const {securityLoader} = await load('@digitalbazaar/security-document-loader');
const multikey = await load('@digitalbazaar/multikey-context');
const dataIntegrity = await load('@digitalbazaar/data-integrity-context');
const jose = await load('jose');
const Ajv2019 = (await load('ajv/dist/2019.js')).default;
const addFormats = (await load('ajv-formats')).default;

const cases = JSON.parse(readFileSync(casesFile, 'utf8'));
const readJSON = (f) => JSON.parse(readFileSync(f, 'utf8'));

const loader = securityLoader();
for (const [url, file] of Object.entries(cases.contexts)) {
  loader.addStatic(url, readJSON(file));
}
for (const m of [multikey, dataIntegrity]) {
  for (const [url, doc] of m.contexts) {
    loader.addStatic(url, doc);
  }
}
const security = loader.build();

// fileOf maps a URL under the site's base, or a did:web of the site, to
// the built file that serves it.
function fileOf(url) {
  if (url.startsWith('did:web:')) {
    const parts = url.slice('did:web:'.length).split(':').map(decodeURIComponent);
    url = 'https://' + parts.join('/') + (parts.length === 1 ? '/.well-known' : '') + '/did.json';
  }
  if (!url.startsWith(cases.base)) return null;
  const f = path.join(cases.dir, url.slice(cases.base.length));
  return existsSync(f) ? f : null;
}

async function documentLoader(url) {
  const [base, fragment] = url.split('#');
  const f = fileOf(base);
  if (f) {
    const doc = readJSON(f);
    if (fragment === undefined) {
      return {contextUrl: null, documentUrl: url, document: doc};
    }
    for (const vm of doc.verificationMethod || []) {
      if (vm.id === url) {
        return {contextUrl: null, documentUrl: url,
          document: {'@context': doc['@context'], ...vm}};
      }
    }
  }
  return security(url);
}

const ajv = new Ajv2019({strict: false, allErrors: true});
addFormats(ajv);
const validate = ajv.compile(readJSON(cases.schema));
const suite = new DataIntegrityProof({cryptosuite});
const message = (result) => {
  const errs = [result.error, ...(result.results || []).map(x => x.error)].filter(Boolean);
  return errs.map(e => (e.errors || [e]).map(x => x.message).join('; ')).join('; ') || 'not verified';
};

const out = {credentials: [], statusLists: [], endorsements: [], jwts: []};
for (const {file, now} of cases.credentials) {
  const credential = readJSON(file);
  const r = {file, verified: false, error: '', schema: '', status: null, statusError: ''};
  try {
    const result = await vc.verifyCredential({credential, suite, documentLoader, now: new Date(now),
      checkStatus: async () => ({verified: true})});
    r.verified = result.verified === true;
    if (!r.verified) r.error = message(result);
  } catch (e) {
    r.error = String(e && e.message || e);
  }
  if (!validate(credential)) {
    r.schema = ajv.errorsText(validate.errors);
  }
  try {
    const s = await checkStatus({credential, documentLoader, suite,
      verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true});
    if (s.verified) {
      r.status = s.results ? s.results.map(x => x.status).some(Boolean) : !!s.status;
    } else {
      r.statusError = String(s.error && s.error.message || s.error);
    }
  } catch (e) {
    r.statusError = String(e && e.message || e);
  }
  out.credentials.push(r);
}
for (const [key, {file, now}] of [...cases.statusLists.map((c) => ['statusLists', c]), ...(cases.endorsements || []).map((c) => ['endorsements', c])]) {
  const r = {file, verified: false, error: ''};
  try {
    const result = await vc.verifyCredential({credential: readJSON(file), suite, documentLoader, now: new Date(now),
      checkStatus: async () => ({verified: true})});
    r.verified = result.verified === true;
    if (!r.verified) r.error = message(result);
  } catch (e) {
    r.error = String(e && e.message || e);
  }
  out[key].push(r);
}
for (const {file, now} of cases.jwts) {
  const r = {file, verified: false, kid: '', error: ''};
  try {
    const token = readFileSync(file, 'utf8').trim();
    const {kid} = jose.decodeProtectedHeader(token);
    r.kid = kid;
    const f = fileOf(kid);
    if (!f) throw new Error(`kid ${kid} is not served by the site`);
    const key = await jose.importJWK(readJSON(f), 'RS256');
    await jose.jwtVerify(token, key, {algorithms: ['RS256'], currentDate: new Date(now)});
    r.verified = true;
  } catch (e) {
    r.error = String(e && e.message || e);
  }
  out.jwts.push(r);
}
process.stdout.write(JSON.stringify(out));
