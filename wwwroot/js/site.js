// Staff side enhancements. Every page works without this file.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  const text = document.getElementById(button.dataset.copy)?.value;
  if (!text || !navigator.clipboard) {
    return;
  }
  navigator.clipboard.writeText(text).then(() => {
    const status = document.getElementById(button.dataset.copyStatus);
    if (status) {
      status.textContent = "Link copied.";
    }
  });
});

document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
