// Staff side enhancements. Every page works without this file.
// Copy: the Clipboard API exists only on HTTPS or localhost; a shop server reached at http://192.168.x.x falls
// back to copying the selected field, and failing that leaves it selected for the user's own Ctrl+C.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.copyStatus);
  if (!field?.value) {
    return;
  }
  let copied = false;
  try {
    await navigator.clipboard.writeText(field.value);
    copied = true;
  } catch {
    field.focus();
    field.select();
    copied = document.execCommand("copy");
  }
  if (status) {
    status.textContent = copied ? "Link copied." : "Press Ctrl+C (⌘C on a Mac) to copy the selected link.";
  }
});

document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
