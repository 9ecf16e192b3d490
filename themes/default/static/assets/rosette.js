// rosette default theme: copy and print buttons, and on award pages the
// in-browser check of the published Open Badges data and the "is this
// award mine?" box. Nothing typed on the page is sent anywhere.
(function () {
  "use strict";

  // What the Open Badges 3.0 part of the check says: the messages
  // script3_<key> the build wrote into the page, {{.Name}} standing for a
  // value filled in when the message is shown (see message).
  var MESSAGES = {};
  var MESSAGE_KEYS = ["checked", "checked20", "checkedJWS", "checkedList", "checked30", "checkedStatus", "and", "comma", "jwtWhat", "keyWhat", "didWhat", "statusWhat", "unsupported", "statusUnsupported", "notSigned", "otherMethod", "keyElsewhere", "noKey", "keyUnreadable", "keyNotListed", "signatureBad", "signatureOK", "fieldsBad", "fieldsOK", "fieldIssuer", "fieldID", "fieldSubject", "fieldDates", "fieldBadge", "fieldRecipient", "fieldStatus", "fieldType", "notYet", "expired", "noStatus", "statusOther", "statusShort", "statusUnreadable", "statusOK", "statusRevoked", "revoked", "revokedNote"];
  // message returns the message of key with each {{.Name}} replaced by
  // vars[name].
  function message(key, vars) {
    var args = {};
    Object.keys(vars || {}).forEach(function (name) { args[name.charAt(0).toUpperCase() + name.slice(1)] = vars[name]; });
    return msg(messageID(key), args);
  }
  function messageID(key) {
    return "script3_" + key.replace(/([A-Z]+|[0-9]+)/g, function (m) { return "_" + m.toLowerCase(); });
  }
  // listed joins words into a list: "a", "a and b", "a, b and c".
  function listed(words) {
    if (words.length < 2) return words.join("");
    return words.slice(0, -1).join(MESSAGES.comma) + MESSAGES.and + words[words.length - 1];
  }

  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  // The build writes the messages of the page's language into the page,
  // and every date already formatted: the script writes no word or date
  // of its own, so that it says what the page says.
  var messageElement = document.getElementById("rosette-messages");
  var messages = messageElement ? JSON.parse(messageElement.textContent) : {};
  function msg(id, args) {
    var text = Object.prototype.hasOwnProperty.call(messages, id) ? messages[id] : id;
    return text.replace(/\{\{\.(\w+)\}\}/g, function (all, name) {
      return args && Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : all;
    });
  }
  MESSAGE_KEYS.forEach(function (key) { MESSAGES[key] = msg(messageID(key)); });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-copy"));
      var done = function () {
        button.textContent = msg("script_copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(box.value).then(done, function () { box.select(); });
      } else {
        box.select();
      }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Mastodon has no single site: the visitor names their server, and the
  // post opens there. Nothing is fetched.
  var mastodon = document.getElementById("mastodon");
  if (mastodon) {
    mastodon.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = document.getElementById("mastodon-server").value.trim().replace(/^https?:\/\//i, "").replace(/\/.*$/, "");
      var error = document.getElementById("mastodon-error");
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]+)?$/i.test(typed)) {
        error.textContent = msg("script_mastodon_error");
        return;
      }
      error.textContent = "";
      window.open("https://" + typed + "/share?text=" + encodeURIComponent(mastodon.getAttribute("data-text")), "_blank", "noopener");
    });
  }

  // Endorsements: each one published as Open Badges JSON, here or on the
  // endorser's own site, is fetched and compared with what the page says:
  // its claim names what the page shows, its issuer is the endorser, and
  // it is not revoked. A document that cannot be fetched is "not checked",
  // never a pass.
  function endorsementText(key, by) {
    return msg("script_endorsement_" + key, { By: by });
  }
  // fetchJSON fetches a document of an endorsement, which may be on
  // another site: without credentials or referrer, for at most
  // ENDORSEMENT_WAIT ms and ENDORSEMENT_BYTES bytes.
  var ENDORSEMENT_WAIT = 10000, ENDORSEMENT_BYTES = 262144;
  function fetchJSON(url) {
    var abort = window.AbortController ? new AbortController() : null;
    var timer = abort && setTimeout(function () { abort.abort(); }, ENDORSEMENT_WAIT);
    return fetch(url, { cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer", signal: abort && abort.signal }).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      if (Number(r.headers.get("Content-Length")) > ENDORSEMENT_BYTES) throw new Error("too large");
      if (!r.body || !r.body.getReader) return r.text();
      var reader = r.body.getReader(), chunks = [], size = 0;
      function more() {
        return reader.read().then(function (part) {
          if (part.done) return new Blob(chunks).text();
          size += part.value.length;
          if (size > ENDORSEMENT_BYTES) {
            reader.cancel();
            throw new Error("too large");
          }
          chunks.push(part.value);
          return more();
        });
      }
      return more();
    }).then(function (text) {
      clearTimeout(timer);
      if (text.length > ENDORSEMENT_BYTES) throw new Error("too large");
      return JSON.parse(text);
    }, function (err) {
      clearTimeout(timer);
      throw err;
    });
  }
  // httpsURL reports whether a URL read from a fetched document may be
  // fetched in turn: an absolute https URL only.
  function httpsURL(url) {
    return typeof url === "string" && /^https:\/\/[^\/?#]/i.test(url);
  }
  // revokedIn reports whether a revocation list names the endorsement.
  function revokedIn(list, ids) {
    return Array.isArray(list && list.revokedAssertions) && list.revokedAssertions.some(function (r) {
      var id = typeof r === "string" ? r : r && r.id;
      return ids.indexOf(id) >= 0;
    });
  }
  document.querySelectorAll("[data-endorsement]").forEach(function (item) {
    var out = item.querySelector(".endorsement-status");
    if (!out || !window.fetch) return;
    var by = item.getAttribute("data-issuer-name");
    var show = function (state, key) {
      out.hidden = false;
      out.setAttribute("data-state", state);
      out.textContent = " · " + endorsementText(key, by);
    };
    show("pending", "checking");
    var url = item.getAttribute("data-path") || item.getAttribute("data-endorsement");
    var wantIssuer = item.getAttribute("data-issuer");
    fetchJSON(url).then(function (doc) {
      if (doc.revoked) return show("fail", "revoked");
      var claim = doc.claim && (typeof doc.claim === "string" ? doc.claim : doc.claim.id);
      if (claim !== item.getAttribute("data-claim")) return show("fail", "claim");
      var issuer = doc.issuer;
      var issuerURL = typeof issuer === "string" ? issuer : issuer && issuer.id;
      if (wantIssuer) {
        return show(issuerURL === wantIssuer ? "ok" : "fail", issuerURL === wantIssuer ? "ok" : "issuer");
      }
      var embedded = typeof issuer === "object" && issuer && issuer.name;
      if (!embedded && !httpsURL(issuerURL)) return show("fail", "issuer");
      var profile = embedded ? Promise.resolve(issuer) : fetchJSON(issuerURL);
      return profile.then(function (p) {
        if (!p || p.name !== by) return show("fail", "issuer");
        // The endorser withdraws an endorsement by serving it revoked or
        // by listing it in its revocation list.
        if (p.revocationList === undefined) return show("ok", "ok");
        if (!httpsURL(p.revocationList)) return show("unavailable", "unavailable");
        return fetchJSON(p.revocationList).then(function (list) {
          if (revokedIn(list, [doc.id, item.getAttribute("data-endorsement")])) return show("fail", "revoked");
          show("ok", "ok");
        });
      });
    }).catch(function () {
      show("unavailable", "unavailable");
    });
  });

  var dataElement = document.getElementById("check-data");
  if (!dataElement) return;
  var want = JSON.parse(dataElement.textContent);
  var subtle = window.crypto && window.crypto.subtle;

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }
  // sentence ends text with a period, unless it already ends with . ! or ?
  // (a revocation reason often does), or with the Arabic question mark.
  function sentence(text) {
    return /[.!?\u061f\u06d4]$/.test(text) ? text : text + ".";
  }
  function sha256(text) {
    return subtle.digest("SHA-256", new TextEncoder().encode(text)).then(hex);
  }

  // The "is this award mine?" box.
  var mine = document.getElementById("mine");
  if (mine && want.recipient) {
    if (!subtle) {
      mine.hidden = true;
    }
    mine.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = document.getElementById("mine-email").value.trim();
      var out = document.getElementById("mine-result");
      sha256(typed.toLowerCase() + want.recipient.Salt).then(function (digest) {
        var match = "sha256$" + digest === want.recipient.Identity.toLowerCase();
        out.className = match ? "match" : "nomatch";
        out.textContent = msg(match ? "script_mine_match" : "script_mine_no_match", { Email: typed });
      });
    });
  }

  // The in-browser check.
  var list = document.getElementById("checklist");
  var steps = [];
  function step(state, text) {
    steps.push({ state: state, text: text });
    var li = document.createElement("li");
    li.className = state;
    li.textContent = text;
    list.appendChild(li);
    list.hidden = false;
    return state === "ok";
  }
  function local(url) {
    return url.indexOf(want.base) === 0 ? want.root + url.slice(want.base.length) : url;
  }
  // unavailable is the error of a document that could not be fetched or
  // read: the check then cannot conclude, which is not a failed check.
  function unavailable(text) {
    var err = new Error(text);
    err.unavailable = true;
    return err;
  }
  // get fetches a published document, named by what in messages ("the
  // badge class"), as text or parsed JSON.
  function get(url, what, asText) {
    return fetch(local(url), { cache: "no-store" }).then(function (r) {
      if (r.status === 404 || r.status === 410) throw unavailable(msg("script_not_published", { What: what }));
      if (!r.ok) throw unavailable(msg("script_server_error", { What: what, Status: r.status }));
      return r.text();
    }, function () {
      throw unavailable(msg("script_fetch_failed", { What: what }));
    }).then(function (text) {
      if (asText) return text;
      try {
        return JSON.parse(text);
      } catch (e) {
        throw unavailable(msg("script_not_well_formed", { What: what }));
      }
    });
  }

  var published = document.getElementById("verdict-text").textContent;
  function setVerdict(code, text, note) {
    var box = document.getElementById("verdict");
    box.className = "verdict verdict-" + (code === "invalid" ? "revoked" : code);
    document.getElementById("verdict-icon").textContent = code === "valid" ? "✓" : code === "expired" || code === "not-yet-valid" ? "!" : code === "unchecked" ? "?" : "✕";
    document.getElementById("verdict-text").textContent = text;
    if (note) document.getElementById("verdict-note").textContent = note;
    var summary = document.getElementById("check-summary");
    summary.setAttribute("data-status", code);
    summary.textContent = code === "unchecked"
      ? sentence(msg("script_unchecked_summary", { Status: published }))
      : sentence(msg("script_checked_summary", { Status: text }));
    summary.setAttribute("data-checked", "true");
  }

  // showChecked says in the banner what the check covered and, in words,
  // what this browser could not check.
  function showChecked(checked, tell) {
    if (!checked.length && !tell.length) return;
    var p = document.getElementById("verdict-checked");
    if (!p) {
      p = document.createElement("p");
      p.id = "verdict-checked";
      p.className = "verdict-checked";
      document.getElementById("verdict-note").insertAdjacentElement("afterend", p);
    }
    var text = checked.length ? message("checked", { list: listed(checked) }) : "";
    p.textContent = [text].concat(tell).join(" ").trim();
  }

  function pemKey(pem, alg) {
    var b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    var der = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
    var params = alg === "ES256" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    return subtle.importKey("spki", der, params, false, ["verify"]);
  }
  function b64url(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    return Uint8Array.from(atob(s), function (c) { return c.charCodeAt(0); });
  }
  // verifyJWS checks a compact JWS (RS256 or ES256) against a PEM public
  // key and resolves to its payload, parsed, or rejects.
  function verifyJWS(jws, pem) {
    var parts = jws.trim().split(".");
    if (parts.length !== 3) return Promise.reject(new Error(msg("script_jws_not_compact")));
    var header;
    try {
      header = JSON.parse(new TextDecoder().decode(b64url(parts[0])));
    } catch (e) {
      return Promise.reject(new Error(msg("script_jws_malformed")));
    }
    if (header.alg !== "RS256" && header.alg !== "ES256") return Promise.reject(new Error(msg("script_jws_algorithm", { Algorithm: header.alg })));
    var params = header.alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5" };
    return pemKey(pem, header.alg).then(function (key) {
      return subtle.verify(params, key, b64url(parts[2]), new TextEncoder().encode(parts[0] + "." + parts[1]));
    }, function () {
      throw new Error(msg("script_key_unreadable"));
    }).then(function (ok) {
      if (!ok) throw new Error(msg("script_signature_mismatch"));
      try {
        return JSON.parse(new TextDecoder().decode(b64url(parts[1])));
      } catch (e) {
        throw new Error(msg("script_signed_malformed"));
      }
    });
  }
  window.rosetteVerifyJWS = verifyJWS;

  function same(a, b) { return (a || "") === (b || ""); }
  // textsDigest is the SHA-256, in hex, of the narrative and evidence of a
  // hosted award, written as the build writes them for want.texts: each
  // text as its length in code points, ":", the text and ";".
  function textsDigest(as) {
    var out = "";
    function put(s) {
      s = typeof s === "string" ? s : s == null ? "" : JSON.stringify(s);
      out += Array.from(s).length + ":" + s + ";";
    }
    var evidence = [].concat(as.evidence || []);
    put(as.narrative);
    put(String(evidence.length));
    evidence.forEach(function (e) {
      if (typeof e === "string") e = { id: e };
      e = e || {};
      ["audience", "description", "genre", "id", "name", "narrative"].forEach(function (k) { put(e[k]); });
    });
    return sha256(out);
  }

  // canVerify reports whether this browser has WebCrypto signatures at all
  // (RSA itself is known only when a key is imported).
  function canVerify() {
    return !!(subtle && typeof subtle.importKey === "function" && typeof subtle.verify === "function");
  }
  function canGunzip() {
    try {
      new DecompressionStream("gzip"); // eslint-disable-line no-new
      return typeof Blob === "function" && typeof Response === "function";
    } catch (e) {
      return false;
    }
  }
  // gunzip decompresses bytes, reading at most limit bytes of output.
  function gunzip(bytes, limit) {
    var reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
    var parts = [], size = 0;
    function more() {
      return reader.read().then(function (r) {
        if (r.done) {
          var out = new Uint8Array(size), at = 0;
          parts.forEach(function (p) { out.set(p, at); at += p.length; });
          return out;
        }
        size += r.value.length;
        if (size > limit) {
          reader.cancel();
          throw new Error("too large");
        }
        parts.push(r.value);
        return more();
      });
    }
    return more();
  }
  function decodePart(part) {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b64url(part)));
  }
  function types(v) { return [].concat(v == null ? [] : v); }
  function idOf(v) { return v && typeof v === "object" ? v.id : v; }
  function sameDate(seconds, iso) {
    return iso ? seconds === Date.parse(iso) / 1000 : seconds === undefined;
  }

  // check3 is the Open Badges 3.0 part of the check: the VC-JWT's RS256
  // signature with the issuer's key (named by its kid, published by the
  // issuer on this site and listed in its DID document), its claims and
  // credential against this page, and the award's bit in the issuer's
  // status list. It adds to checked what it checked and to tell what this
  // browser could not check, and resolves to "revoked3" when the status
  // list revokes the award, to nothing when a check failed, and otherwise
  // to result, the 2.0 check's.
  function check3(result, now, checked, tell) {
    var o = want.ob3;
    function unsupported() {
      step("warn", MESSAGES.unsupported);
      tell.push(MESSAGES.unsupported);
      return result;
    }
    return Promise.resolve(canVerify()).then(function (can) {
      if (!can) return unsupported();
      var token, header, claims, jwk;
      return get(o.jwt, MESSAGES.jwtWhat, true).then(function (text) {
        token = text.trim();
        var parts = token.split(".");
        try {
          if (parts.length !== 3) throw new Error();
          header = decodePart(parts[0]);
          claims = decodePart(parts[1]);
          if (!header || !claims || typeof claims !== "object") throw new Error();
        } catch (e) {
          return step("fail", MESSAGES.notSigned);
        }
        if (header.alg !== "RS256") return step("fail", message("otherMethod", { alg: String(header.alg).slice(0, 40) }));
        // The key must be one this issuer publishes on this very site.
        var kid = typeof header.kid === "string" ? header.kid : "";
        if (kid.indexOf(o.keys) !== 0 || !/\.jwk\.json$/.test(kid) || /[?#]|\/\.\.?\//.test(kid.slice(o.keys.length))) {
          return step("fail", message("keyElsewhere", { kid: kid.slice(0, 200) || MESSAGES.noKey }));
        }
        return get(kid, MESSAGES.keyWhat).then(function (k) {
          jwk = k;
          return get(o.didDocument, MESSAGES.didWhat);
        }).then(function (did) {
          if (!jwk || jwk.kty !== "RSA" || typeof jwk.n !== "string" || typeof jwk.e !== "string") return step("fail", MESSAGES.keyUnreadable);
          var methods = did && did.id === o.did ? [].concat(did.verificationMethod || []) : [];
          var assertion = did ? [].concat(did.assertionMethod || []).map(idOf) : [];
          var owned = methods.some(function (m) {
            var pk = m && m.publicKeyJwk;
            return pk && m.controller === o.did && assertion.indexOf(m.id) >= 0 && pk.kty === "RSA" && pk.n === jwk.n && pk.e === jwk.e;
          });
          if (!owned) return step("fail", MESSAGES.keyNotListed);
          return subtle.importKey("jwk", { kty: "RSA", n: jwk.n, e: jwk.e }, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]).then(function (key) {
            var dot = token.lastIndexOf(".");
            var signature;
            try {
              signature = b64url(token.slice(dot + 1));
            } catch (e) {
              return false;
            }
            return subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, key, signature, new TextEncoder().encode(token.slice(0, dot)));
          }, function (err) {
            return err && err.name === "NotSupportedError" ? "unsupported" : null;
          }).then(function (ok) {
            if (ok === "unsupported") return ok;
            if (ok === null) return step("fail", MESSAGES.keyUnreadable);
            return step(ok ? "ok" : "fail", ok ? MESSAGES.signatureOK : MESSAGES.signatureBad);
          });
        });
      }).then(function (going) {
        if (going === "unsupported") return unsupported();
        if (!going) return;
        // The claims and the credential against this page.
        var c = claims, subject = c.credentialSubject || {}, ach = subject.achievement || {};
        var bad = [];
        if (types(c.type).indexOf("OpenBadgeCredential") < 0) bad.push(MESSAGES.fieldType);
        if (c.iss !== o.did || idOf(c.issuer) !== o.did || (c.issuer && c.issuer.name !== o.issuerName)) bad.push(MESSAGES.fieldIssuer);
        if (c.jti !== o.credential || c.id !== o.credential) bad.push(MESSAGES.fieldID);
        if (c.sub !== o.subject || subject.id !== o.subject) bad.push(MESSAGES.fieldSubject);
        if (!sameDate(c.nbf, want.issuedOn) || !sameDate(c.exp, want.expires) || !same(c.validFrom, want.issuedOn) || !same(c.validUntil, want.expires)) bad.push(MESSAGES.fieldDates);
        if (ach.id !== o.achievement || ach.name !== o.name) bad.push(MESSAGES.fieldBadge);
        var r = want.recipient || {};
        var mine = types(subject.identifier).some(function (i) {
          return i && i.hashed === true && same(i.identityHash, r.Identity) && same(i.salt, r.Salt);
        });
        if (!mine) bad.push(MESSAGES.fieldRecipient);
        var st = c.credentialStatus;
        if (o.statusList ? !(st && st.statusListCredential === o.statusList && st.statusListIndex === o.index && st.statusPurpose === "revocation") : st) bad.push(MESSAGES.fieldStatus);
        if (bad.length) return step("fail", message("fieldsBad", { list: listed(bad) }));
        step("ok", MESSAGES.fieldsOK);
        checked.push(MESSAGES.checked30);
        if (c.nbf * 1000 > now) {
          step("warn", message("notYet", { date: want.issuedText }));
        } else if (c.exp !== undefined && c.exp * 1000 <= now) {
          step("warn", message("expired", { date: want.expiresText }));
        }
        if (!o.statusList) {
          step("warn", MESSAGES.noStatus);
          return result;
        }
        if (!canGunzip()) {
          step("warn", MESSAGES.statusUnsupported);
          tell.push(MESSAGES.statusUnsupported);
          return result;
        }
        return get(o.statusList, MESSAGES.statusWhat).then(function (list) {
          var subj = (list && list.credentialSubject) || {};
          if (list.id !== o.statusList || types(list.type).indexOf("BitstringStatusListCredential") < 0 ||
              idOf(list.issuer) !== o.did || subj.statusPurpose !== "revocation") {
            return step("fail", MESSAGES.statusOther);
          }
          var encoded = subj.encodedList;
          var bytes;
          try {
            if (typeof encoded !== "string" || encoded.charAt(0) !== "u" || encoded.length > 1 << 24) throw new Error();
            bytes = b64url(encoded.slice(1));
          } catch (e) {
            throw unavailable(MESSAGES.statusUnreadable);
          }
          return gunzip(bytes, 16 << 20).then(function (bits) {
            var index = Number(o.index);
            if (index >> 3 >= bits.length) return step("fail", MESSAGES.statusShort);
            if (bits[index >> 3] & (0x80 >> (index & 7))) {
              step("fail", MESSAGES.statusRevoked);
              checked.push(MESSAGES.checkedStatus);
              return "revoked3";
            }
            step("ok", MESSAGES.statusOK);
            checked.push(MESSAGES.checkedStatus);
            return result;
          }, function () {
            throw unavailable(MESSAGES.statusUnreadable);
          });
        });
      });
    });
  }

  function check() {
    var now = new Date();
    var assertion, badge, issuer;
    var checked = [], tell = []; // what was checked, and what could not be
    return get(want.id, msg("script_what_award")).then(function (as) {
      if (!as || typeof as !== "object") throw unavailable(msg("script_not_well_formed", { What: msg("script_what_award") }));
      assertion = as;
      if (!step(as.id === want.id ? "ok" : "fail", as.id === want.id
        ? msg("script_award_at_address")
        : msg("script_award_other_address", { Address: as.id }))) return;
      if (as.revoked === true) {
        step("fail", sentence(msg("script_award_revoked", { Reason: as.revocationReason || msg("status_no_reason") })));
        return "revoked";
      }
      var fields = as.type === "Assertion" && same(as.badge, want.badge) && same(as.issuedOn, want.issuedOn) &&
        same(as.expires, want.expires) && as.recipient && want.recipient &&
        same(as.recipient.identity, want.recipient.Identity) && same(as.recipient.salt, want.recipient.Salt);
      var texts = want.texts && subtle ? textsDigest(as) : Promise.resolve(want.texts || "");
      return texts.then(function (digest) {
        var ok = fields && digest === (want.texts || "");
        if (ok) checked.push(MESSAGES.checked20);
        if (!step(ok ? "ok" : "fail", ok
          ? msg("script_award_matches")
          : msg("script_award_changed"))) return;
        return get(as.badge, msg("script_what_badge"));
      }).then(function (bc) {
        if (!bc) return;
        badge = bc;
        var ok = bc.id === as.badge && bc.type === "BadgeClass" && same(bc.issuer, want.issuer);
        if (!step(ok ? "ok" : "fail", ok ? msg("script_badge_ok", { Name: bc.name })
          : msg("script_badge_bad"))) return;
        return get(bc.issuer, msg("script_what_issuer"));
      }).then(function (is) {
        if (!is) return;
        issuer = is;
        var ok = is.id === badge.issuer && is.type === "Profile";
        if (!step(ok ? "ok" : "fail", ok ? msg("script_issuer_ok", { Name: is.name }) : msg("script_issuer_bad"))) return;
        var v = as.verification || {};
        if (/^(HostedBadge|hosted)$/.test(v.type)) {
          var scope = (is.verification && is.verification.startsWith) || new URL(is.id).origin;
          if (!step(as.id.indexOf(scope) === 0 ? "ok" : "fail", as.id.indexOf(scope) === 0
            ? msg("script_hosted_ok")
            : msg("script_hosted_bad"))) return;
        } else if (/^(SignedBadge|signed)$/.test(v.type) && !want.jws) {
          step("warn", msg("script_signed_unlinked"));
        }
        if (want.jws) {
          // The key is the one the signed payload names, listed by the
          // issuer and owned by it; only then is the signature checked.
          return get(want.jws, msg("script_what_signed"), true).then(function (jws) {
            var body;
            try {
              body = JSON.parse(new TextDecoder().decode(b64url(jws.trim().split(".")[1] || "")));
            } catch (e) {
              throw new Error(msg("script_signed_malformed"));
            }
            var creator = body.verification && body.verification.creator;
            var listed = [].concat(issuer.publicKey || []).map(function (k) { return k.id || k; });
            if (!creator || listed.indexOf(creator) < 0) throw new Error(msg("script_key_unlisted"));
            return get(creator, msg("script_what_key")).then(function (key) {
              if (key.owner !== issuer.id) throw new Error(msg("script_key_not_owned"));
              return verifyJWS(jws, key.publicKeyPem);
            });
          }).then(function (payload) {
            var ok = payload.id === as.id && same(payload.badge, as.badge) && payload.recipient && same(payload.recipient.identity, as.recipient.identity);
            if (ok) checked.push(MESSAGES.checkedJWS);
            return step(ok ? "ok" : "fail", ok ? msg("script_signature_ok") : msg("script_signed_differs"));
          }, function (err) {
            if (err.unavailable) throw err;
            return step("fail", sentence(msg("script_signature_failed", { Reason: err.message })));
          });
        }
        return true;
      }).then(function (going) {
        if (!going || !issuer) return;
        if (!issuer.revocationList) return true;
        return get(issuer.revocationList, msg("script_what_revocations")).then(function (rl) {
          var hit = (rl.revokedAssertions || []).filter(function (r) { return (r.id || r) === as.id; })[0];
          if (hit) {
            step("fail", sentence(msg("script_revocation_listed", { Reason: hit.revocationReason || msg("status_no_reason") })));
            assertion.revocationReason = hit.revocationReason;
            return "revoked";
          }
          checked.push(MESSAGES.checkedList);
          return step("ok", msg("script_revocation_clear"));
        });
      }).then(function (going) {
        if (going === "revoked") return going;
        if (!going) return;
        if (isNaN(new Date(as.issuedOn))) {
          step("fail", msg("script_date_invalid"));
          return;
        }
        // The dates are those of the page (the data matched it above),
        // as the build wrote them.
        if (new Date(as.issuedOn) > now) {
          step("warn", msg("script_not_yet_valid", { Date: want.issuedText }));
          return "not-yet-valid";
        }
        if (as.expires && new Date(as.expires) <= now) {
          step("warn", msg("script_expired", { Date: want.expiresText }));
          return "expired";
        }
        step("ok", as.expires ? msg("script_valid_until", { Date: want.expiresText }) : msg("script_no_expiry"));
        return "valid";
      });
    }).then(function (result) {
      if (want.ob3 && /^(valid|expired|not-yet-valid)$/.test(result)) return check3(result, now, checked, tell);
      return result;
    }).then(function (result) {
      if (result) showChecked(checked, tell);
      if (result === "revoked3") {
        setVerdict("revoked", MESSAGES.revoked, MESSAGES.revokedNote);
        return;
      }
      if (result === "valid") {
        setVerdict("valid", msg("status_valid"));
      } else if (result === "not-yet-valid") {
        setVerdict("not-yet-valid", msg("status_text_not_yet_valid", { Date: want.issuedText }), msg("script_not_yet_valid", { Date: want.issuedText }));
      } else if (result === "expired") {
        setVerdict("expired", msg("status_text_expired", { Date: want.expiresText }), msg("script_verdict_expired"));
      } else if (result === "revoked") {
        setVerdict("revoked", msg("status_text_revoked", { Reason: assertion.revocationReason || msg("status_no_reason") }), msg("script_verdict_revoked"));
      } else {
        setVerdict("invalid", msg("status_not_verified"), msg("script_verdict_invalid"));
      }
    }).catch(function (err) {
      // Only the messages written above are shown; anything else (a
      // document of an unexpected shape) is described, not quoted.
      var why = err && err.unavailable ? err.message : msg("script_unreadable");
      step("warn", sentence(msg("script_incomplete", { Reason: why })));
      setVerdict("unchecked", msg("status_unchecked"),
        sentence(msg("script_published_status", { Status: published })) + " " + msg("script_unchecked_note"));
    });
  }
  check();
})();
