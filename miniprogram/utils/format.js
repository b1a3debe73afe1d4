// Times shown on the page, in the phone's local time zone.

const pad = (n) => String(n).padStart(2, "0");

/** Unix ms -> "YYYY-MM-DD HH:mm:ss" in local time; "" for a missing or bad value. */
function formatDateTime(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** Unix ms -> "HH:mm:ss" in local time; "" for a missing or bad value. */
function formatTime(ms) {
  return formatDateTime(ms).slice(11);
}

module.exports = { formatDateTime, formatTime };
