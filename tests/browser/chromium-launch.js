// How every test launches Debian's chromium (never a downloaded browser):
// playwright.config.js, the pages test and the mini program's end-to-end
// test share it. The machine has no network beyond the package registries:
// keep chromium from trying to reach Google's services at start.
export const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
