// rosette default theme: "Download all" on a public profile. The script
// fetches the files the site already publishes for the earner's valid
// awards (baked images and Open Badges JSON, listed in #bundle-data) and
// writes them into one ZIP archive in the browser; or it gathers their
// signed Open Badges 3.0 credentials into one unsigned Verifiable
// Presentation, the file a wallet imports. A file that cannot be fetched
// stops the whole download, and the page says so in words. Every sentence
// shown is read from the section's data- attributes, which the template
// writes.
(function () {
  "use strict";

  var section = document.getElementById("takeaway");
  var dataElement = document.getElementById("bundle-data");
  if (!section || !dataElement || !window.fetch || !window.Blob || !window.TextEncoder || !window.URL) return;
  var bundle = JSON.parse(dataElement.textContent);
  var status = document.getElementById("bundle-status");
  var saved = null; // the object URL of the last file made

  function text(name, values) {
    return (section.getAttribute("data-" + name) || "").replace(/\{(\w+)\}/g, function (m, k) {
      return k in values ? String(values[k]) : m;
    });
  }

  // failure is the error of a file that could not be fetched: why is the
  // name of the sentence that says why.
  function failure(name, why) {
    var err = new Error(why);
    err.file = name;
    err.why = why;
    return err;
  }
  // fetchAll fetches paths one after the other, as bytes, reporting
  // progress; it rejects at the first that fails.
  function fetchAll(files, file) {
    var out = [];
    return files.reduce(function (chain, f, i) {
      return chain.then(function () {
        status.textContent = text("fetching", { done: i + 1, total: files.length, file: file });
        return fetch(f.path, { cache: "no-cache" }).then(function (r) {
          if (r.status === 404 || r.status === 410) throw failure(f.name, "missing");
          if (!r.ok) throw failure(f.name, "server");
          return r.arrayBuffer();
        }, function () {
          throw failure(f.name, "network");
        }).then(function (buf) {
          out.push({ name: f.name, data: new Uint8Array(buf) });
        });
      });
    }, Promise.resolve()).then(function () { return out; });
  }

  // CRC-32 (ISO 3309, the polynomial of ZIP), by table.
  var crcTable = new Uint32Array(256);
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  // zip is a ZIP archive of entries ({name, data: Uint8Array}), in their
  // order: stored (not compressed), names in UTF-8 (flag bit 11), every
  // date 1 January 1980, so that the same files make the same bytes. It
  // returns null when the archive would need ZIP64 (4 GiB, 65,535 entries).
  function zip(entries) {
    var utf8 = new TextEncoder();
    var parts = [], central = [], offset = 0, centralSize = 0;
    var DATE = 0x21; // 1980-01-01, MS-DOS format; time 00:00
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i], name = utf8.encode(e.name), crc = crc32(e.data), size = e.data.length;
      var local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true); // local file header
      local.setUint16(4, 20, true); // version needed: 2.0
      local.setUint16(6, 0x0800, true); // names in UTF-8
      local.setUint16(8, 0, true); // stored
      local.setUint16(10, 0, true);
      local.setUint16(12, DATE, true);
      local.setUint32(14, crc, true);
      local.setUint32(18, size, true);
      local.setUint32(22, size, true);
      local.setUint16(26, name.length, true);
      local.setUint16(28, 0, true);
      var dir = new DataView(new ArrayBuffer(46));
      dir.setUint32(0, 0x02014b50, true); // central directory header
      dir.setUint16(4, 20, true); // made by: MS-DOS, 2.0
      dir.setUint16(6, 20, true);
      dir.setUint16(8, 0x0800, true);
      dir.setUint16(10, 0, true);
      dir.setUint16(12, 0, true);
      dir.setUint16(14, DATE, true);
      dir.setUint32(16, crc, true);
      dir.setUint32(20, size, true);
      dir.setUint32(24, size, true);
      dir.setUint16(28, name.length, true);
      // extra field, comment, disk, attributes: 0
      dir.setUint32(42, offset, true);
      parts.push(local, name, e.data);
      central.push(dir, name);
      offset += 30 + name.length + size;
      centralSize += 46 + name.length;
      if (offset > 0xfffffffe) return null;
    }
    if (entries.length > 0xfffe || offset + centralSize > 0xfffffffe) return null;
    var end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true); // end of central directory
    end.setUint16(8, entries.length, true);
    end.setUint16(10, entries.length, true);
    end.setUint32(12, centralSize, true);
    end.setUint32(16, offset, true);
    return new Blob(parts.concat(central, [end]), { type: "application/zip" });
  }
  window.rosetteZip = zip;

  // presentation is the text of an unsigned Verifiable Presentation that
  // holds the credentials (the texts as published, each a JSON object),
  // byte for byte: their proofs stay as they are. It throws for a text
  // that is not a JSON object.
  function presentation(entries) {
    var decode = new TextDecoder();
    var texts = entries.map(function (e) {
      var t = decode.decode(e.data).trim(), doc;
      try {
        doc = JSON.parse(t);
      } catch (err) {
        doc = null;
      }
      if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw failure(e.name, "broken");
      return t;
    });
    return '{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],' +
      '"verifiableCredential":[' + texts.join(",") + "]}\n";
  }

  // offer downloads blob as file, and leaves a link to save it again.
  function offer(blob, file, count) {
    if (saved) URL.revokeObjectURL(saved);
    saved = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = saved;
    a.download = file;
    a.textContent = text("save", { file: file });
    status.replaceChildren(text("ready", { file: file, count: count }) + " ", a);
    a.click();
  }

  var busy = false;
  function run(kind) {
    if (busy) return;
    busy = true;
    section.setAttribute("data-state", "busy");
    var file = kind === "wallet" ? bundle.wallet : bundle.archive;
    var files = kind === "wallet"
      ? bundle.credentials.map(function (p) { return { path: p, name: p.slice(p.lastIndexOf("/") + 1) }; })
      : bundle.files;
    fetchAll(files, file).then(function (entries) {
      if (kind === "wallet") {
        offer(new Blob([presentation(entries)], { type: "application/json" }), file, entries.length);
        return;
      }
      var blob = zip(entries);
      if (!blob) {
        status.textContent = text("too-large", { file: file });
        section.setAttribute("data-state", "failed");
        return;
      }
      offer(blob, file, entries.length);
    }).then(function () {
      if (section.getAttribute("data-state") === "busy") section.setAttribute("data-state", "done");
    }, function (err) {
      // Only the sentences of the section are shown, never the browser's.
      status.textContent = text("failed", { file: file, name: err.file || file, why: text(err.why || "network", {}) });
      section.setAttribute("data-state", "failed");
    }).then(function () {
      busy = false;
    });
  }

  section.querySelectorAll("[data-bundle]").forEach(function (button) {
    button.addEventListener("click", function () { run(button.getAttribute("data-bundle")); });
  });
  section.hidden = false;
})();
