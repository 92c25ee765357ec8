// Small progressive enhancements; every page works without this file.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") form.requestSubmit();
});
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
// On a wide screen the main menu is always open (without JavaScript it stays a Menu button).
const menu = document.querySelector("details.menu");
const wide = window.matchMedia("(min-width: 60rem)");
if (menu) {
  menu.open = wide.matches;
  wide.addEventListener("change", () => { menu.open = wide.matches; });
}
// TV mode reloads itself; a kiosk's thank-you screen goes back to the start.
const reload = document.querySelector('meta[name="sewaka-reload"]');
if (reload) setTimeout(() => window.location.reload(), Number(reload.content) * 1000);
const redirect = document.querySelector('meta[name="sewaka-redirect"]');
if (redirect) {
  const [seconds, target] = redirect.content.split(";");
  setTimeout(() => { window.location.href = target; }, Number(seconds) * 1000);
}
