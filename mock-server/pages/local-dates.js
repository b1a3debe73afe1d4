// Every <time datetime> of a server-rendered page (the demo's /callback)
// shown as a date and time in the visitor's own locale and time zone; the
// server writes UTC text, which stays if this does not run.
const format = new Intl.DateTimeFormat(undefined, {
  dateStyle: "medium",
  timeStyle: "medium",
});

for (const time of document.querySelectorAll("time[datetime]")) {
  const instant = new Date(time.getAttribute("datetime"));
  if (!Number.isNaN(instant.getTime())) time.textContent = format.format(instant);
}
