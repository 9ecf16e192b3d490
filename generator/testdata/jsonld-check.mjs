// Expands JSON-LD documents with the Open Badges 2.0 context loaded from a
// local file (never fetched), in jsonld.js safe mode so that any property
// the context does not define fails instead of being dropped silently, and
// checks that every @type is an Open Badges (or schema.org/security) type.
//
// usage: node jsonld-check.mjs CONTEXT.json FILE.json...
// prints one line per problem; exits 1 if there is any.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(process.env.ROSETTE_CI_TOOLS + '/');
const jsonld = require('jsonld');

const [contextFile, ...files] = process.argv.slice(2);
const context = JSON.parse(readFileSync(contextFile, 'utf8'));
const CONTEXT_URL = 'https://w3id.org/openbadges/v2';
const documentLoader = async (url) => {
  if (url === CONTEXT_URL) {
    return { contextUrl: null, documentUrl: url, document: context };
  }
  throw new Error('refusing to load ' + url + ' (tests are offline)');
};

const allowedTypes = [
  'https://w3id.org/openbadges#',
  'http://schema.org/AlignmentObject',
  'http://schema.org/email',
  'http://schema.org/url',
  'http://schema.org/telephone',
  'https://w3id.org/security#Key',
  // The context maps Endorsement to cred:Credential.
  'https://w3id.org/credentials#Credential',
];

// countProperties counts the non-@ keys of a compact document, recursively.
function countProperties(v) {
  if (Array.isArray(v)) return v.reduce((n, x) => n + countProperties(x), 0);
  if (v === null || typeof v !== 'object') return 0;
  let n = 0;
  for (const [k, x] of Object.entries(v)) {
    if (k === '@context') continue;
    if (!k.startsWith('@') && k !== 'id' && k !== 'type') n++;
    n += countProperties(x);
  }
  return n;
}

// expandedProperties counts the IRI-keyed properties of an expanded document.
function expandedProperties(v) {
  if (Array.isArray(v)) return v.reduce((n, x) => n + expandedProperties(x), 0);
  if (v === null || typeof v !== 'object') return 0;
  let n = 0;
  for (const [k, x] of Object.entries(v)) {
    if (!k.startsWith('@')) n++;
    n += expandedProperties(x);
  }
  return n;
}

function types(v, out) {
  if (Array.isArray(v)) { v.forEach((x) => types(x, out)); return out; }
  if (v === null || typeof v !== 'object') return out;
  for (const [k, x] of Object.entries(v)) {
    if (k === '@type' && !('@value' in v)) [].concat(x).forEach((t) => out.push(t));
    else types(x, out);
  }
  return out;
}

let problems = 0;
for (const file of files) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  try {
    const expanded = await jsonld.expand(doc, { documentLoader, safe: true });
    const want = countProperties(doc);
    const got = expandedProperties(expanded);
    if (got !== want) {
      console.log(`${file}: ${want} properties in the document, ${got} after expansion`);
      problems++;
    }
    for (const t of types(expanded, [])) {
      if (!allowedTypes.some((p) => t === p || (p.endsWith('#') && t.startsWith(p)))) {
        console.log(`${file}: @type ${t} is not an Open Badges type`);
        problems++;
      }
    }
    if (types(expanded, []).length === 0) {
      console.log(`${file}: no @type after expansion`);
      problems++;
    }
  } catch (e) {
    console.log(`${file}: ${e.message}${e.details ? ' ' + JSON.stringify(e.details) : ''}`);
    problems++;
  }
}
console.log(`checked ${files.length} documents`);
process.exit(problems ? 1 : 0);
