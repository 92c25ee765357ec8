// SKM form: one question per screen when JavaScript runs; the plain form works without it.
(() => {
  const form = document.querySelector("form[data-skm]");
  if (!form) return;
  const steps = Array.from(form.querySelectorAll("[data-step]"));
  const nav = form.querySelector("[data-nav]");
  const prev = form.querySelector("[data-prev]");
  const next = form.querySelector("[data-next]");
  const progress = form.querySelector("[data-progress]");
  const submit = form.querySelector("[data-submit]");
  const inlineSubmit = form.querySelector("[data-submit-inline]");
  const firstError = steps.findIndex((s) => s.querySelector(".has-error, .errorlist"));
  let current = firstError > 0 ? firstError : 0;

  // "Why?" only after a 1 or 2.
  form.querySelectorAll("fieldset[data-unsur]").forEach((fs) => {
    const why = fs.querySelector("[data-why]");
    const sync = () => {
      const checked = fs.querySelector("input[type=radio]:checked");
      why.hidden = !(checked && Number(checked.value) <= 2);
    };
    fs.addEventListener("change", sync);
    sync();
  });

  const show = (i) => {
    current = Math.max(0, Math.min(steps.length - 1, i));
    steps.forEach((s, j) => { s.hidden = j !== current; });
    prev.hidden = current === 0;
    next.hidden = current === steps.length - 1;
    // On the last step the sticky bar carries the submit button itself: it can never cover it.
    submit.hidden = current !== steps.length - 1;
    progress.textContent = `${current + 1} / ${steps.length}`;
    const focusable = steps[current].querySelector("legend, h1, h2");
    if (focusable) { focusable.setAttribute("tabindex", "-1"); focusable.focus({ preventScroll: false }); }
  };
  const answered = (step) => {
    const fs = step.querySelector("fieldset[data-unsur]");
    return !fs || fs.querySelector("input[type=radio]:checked");
  };
  nav.hidden = false;
  inlineSubmit.hidden = true;
  prev.addEventListener("click", () => show(current - 1));
  next.addEventListener("click", () => {
    if (!answered(steps[current])) {
      const fs = steps[current].querySelector("fieldset");
      fs.classList.add("has-error");
      let msg = fs.querySelector(".js-required");
      if (!msg) {
        msg = document.createElement("p");
        msg.className = "errorlist js-required";
        msg.setAttribute("role", "alert");
        msg.textContent = "Mohon pilih salah satu jawaban.";
        fs.querySelector("legend").after(msg);
      }
      return;
    }
    show(current + 1);
  });
  // Choosing 3 or 4 moves on by itself; after 1 or 2 the "why?" box stays for an optional answer.
  form.addEventListener("change", (event) => {
    if (event.target.type === "radio" && Number(event.target.value) >= 3 && steps[current].contains(event.target)) {
      setTimeout(() => show(current + 1), 250);
    }
  });
  show(current);

  // Kiosk: back to the start after inactivity.
  if (form.hasAttribute("data-kiosk")) {
    let timer;
    const reset = () => { clearTimeout(timer); timer = setTimeout(() => { window.location.href = form.dataset.resetUrl; }, 90000); };
    ["click", "keydown", "touchstart", "change"].forEach((e) => document.addEventListener(e, reset));
    reset();
    // Full screen on the first touch (browsers allow it only after a user gesture).
    document.addEventListener("click", () => {
      if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen().catch(() => {});
      }
    }, { once: true });
  }
})();
