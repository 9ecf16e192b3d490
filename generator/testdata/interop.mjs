// interop.mjs reads rosette's baked images and signed assertions with
// independent implementations and prints what they found, as JSON.
// Usage: node interop.mjs TOOLS_DIR CASES.json
import fs from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const [tools, casesFile] = process.argv.slice(2)
const require = createRequire(path.join(path.resolve(tools), 'x.js'))
const pngitxt = require('png-itxt')
const bakery = require('openbadges-bakery')
const jose = await import(pathToFileURL(require.resolve('jose')).href)
const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'))

function itxt (file) {
  return new Promise((resolve, reject) => {
    const chunks = []
    const sink = new Writable({ write (c, e, cb) { cb() } })
    sink.on('finish', () => resolve({ file, chunks }))
    fs.createReadStream(file)
      .on('error', reject)
      .pipe(pngitxt.get('openbadges', (err, data) => {
        if (err) return reject(err)
        if (data) chunks.push(data)
      }))
      .pipe(sink)
  })
}

function extract (file) {
  return new Promise(resolve => {
    bakery.extract(fs.readFileSync(file), (err, data) => {
      resolve(err ? { file, error: String(err.message || err) } : { file, text: String(data) })
    })
  })
}

async function verifyJWS ({ jws, pem }) {
  try {
    const key = await jose.importSPKI(pem, 'RS256')
    const { payload, protectedHeader } = await jose.compactVerify(jws, key)
    return { alg: protectedHeader.alg, payload: new TextDecoder().decode(payload) }
  } catch (e) {
    return { error: String(e.message || e) }
  }
}

const out = {
  itxt: await Promise.all((cases.itxt || []).map(itxt)),
  bakery: await Promise.all((cases.bakery || []).map(extract)),
  jose: await Promise.all((cases.jose || []).map(verifyJWS))
}
process.stdout.write(JSON.stringify(out))
