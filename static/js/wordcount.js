// Live word count of a proposal aspect's editor; the server counts the same way (innovations/words.py)
// and refuses a text over the limit, so this is only a help while typing.
document.querySelectorAll("textarea[data-wordcount]").forEach((area) => {
  const box = document.getElementById(area.dataset.wordcount);
  const out = box && box.querySelector("[data-count]");
  if (!out) return;
  const max = Number(area.dataset.maxWords || 0);
  const count = () => area.value.split(/\s+/).filter((t) => /[\p{L}\p{N}_]/u.test(t)).length;
  const update = () => {
    const n = count();
    out.textContent = String(n);
    box.classList.toggle("over", max > 0 && n > max);
  };
  area.addEventListener("input", update);
  update();
});
