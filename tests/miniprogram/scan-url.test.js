// utils/scan-url.js: the scan code out of WeChat's `options.q`.
import { miniprogramModule } from "./support/page.js";

const { parseScanUrl, parseScanOptions } = miniprogramModule("utils/scan-url.js");

describe("parseScanUrl", () => {
  test.each([
    ["https://login.example.com/m/Ab3_x-Yz", "Ab3_x-Yz"],
    ["http://127.0.0.1:8080/m/abcDEF0123456789", "abcDEF0123456789"],
    ["https://example.com/some/prefix/m/code1", "code1"],
    ["https://example.com/m/code1?from=qr&x=1", "code1"],
    ["https://example.com/m/code1#top", "code1"],
    ["HTTPS://EXAMPLE.COM/m/code1", "code1"],
    ["https://example.com/m/m/code2", "code2"],
    ["https://example.com/m/a%2Db", "a-b"],
    ["  https://example.com/m/code3\n", "code3"],
  ])("%s -> %s", (url, code) => {
    expect(parseScanUrl(url)).toEqual({ ok: true, code });
  });

  test.each([
    [""],
    ["not a url"],
    ["ftp://example.com/m/code"],
    ["https://example.com/code"],
    ["https://example.com/m/"],
    ["https://example.com/m/code/"],
    ["https://example.com/m/code/extra"],
    ["https://example.com/xm/code"],
    ["https://example.com?next=/m/code"],
    ["https:///m/code"],
    ["https://example.com/m/co de"],
    ["https://example.com/m/%E4%BD%A0"],
    ["https://example.com/m/%ZZ"],
    [`https://example.com/m/${"a".repeat(129)}`],
    ["javascript:alert(1)//m/code"],
  ])("%j is refused", (url) => {
    expect(parseScanUrl(url)).toEqual({ ok: false, reason: "badQr" });
  });
});

describe("parseScanOptions", () => {
  test("decodes q once and reads scancode_time (s) as ms", () => {
    const url = "https://login.example.com/m/Code_1?src=qr";
    expect(parseScanOptions({ q: encodeURIComponent(url), scancode_time: "1714545015" })).toEqual({
      ok: true,
      code: "Code_1",
      url,
      scannedAt: 1714545015000,
    });
  });

  test("decodes only once: a doubly encoded URL is not a login URL", () => {
    const twice = encodeURIComponent(encodeURIComponent("https://login.example.com/m/Code_1"));
    expect(parseScanOptions({ q: twice })).toEqual({ ok: false, reason: "badQr" });
  });

  test("without scancode_time, scannedAt is null", () => {
    const q = encodeURIComponent("https://x.test/m/abc");
    expect(parseScanOptions({ q })).toMatchObject({ ok: true, code: "abc", scannedAt: null });
  });

  test("opened without a scanned URL: noQr", () => {
    expect(parseScanOptions({})).toEqual({ ok: false, reason: "noQr" });
    expect(parseScanOptions({ q: "" })).toEqual({ ok: false, reason: "noQr" });
    expect(parseScanOptions({ scene: "1001" })).toEqual({ ok: false, reason: "noQr" });
  });

  test("a q that is not URL-encoding or not a login URL: badQr", () => {
    expect(parseScanOptions({ q: "%E4%" })).toEqual({ ok: false, reason: "badQr" });
    expect(parseScanOptions({ q: encodeURIComponent("https://x.test/other") })).toEqual({
      ok: false,
      reason: "badQr",
    });
  });
});
