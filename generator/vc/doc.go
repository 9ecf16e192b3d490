// Package vc makes and checks W3C Verifiable Credentials for Open Badges
// 3.0: RDF Dataset Canonicalization of JSON-LD (RDFC-1.0) with contexts
// embedded in the binary, Data Integrity proofs with the eddsa-rdfc-2022
// cryptosuite (Ed25519), VC-JWT with RS256, and the Multikey and JWK
// encodings of the keys.
//
// The pairs are inverses: VerifyEdDSA accepts what SignEdDSA makes,
// VerifyJWT returns the credential SignJWT was given, DecodeMultikey reads
// what EncodeMultikey writes. Signing is deterministic: the same document,
// key and creation time always give the same bytes.
//
// Documents are hostile until checked: every input is bounded in size and
// depth, duplicate JSON keys are refused, no context is ever fetched (only
// the embedded ones are known), and a property or type that the contexts do
// not define is an error rather than being silently dropped from what is
// signed.
//
// Every function is safe to call from several goroutines at once: a build
// signs its awards in parallel. The embedded contexts are parsed once per
// process, and the active context they make is built once per list of
// context URLs.
//
// docs/keys-3.md documents the formats for users.
package vc
