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

// A double tap or double click sends a form once: the second press, while the first is on its way, is ignored.
// Back to a page kept by the browser (bfcache), and after a while in case the first never arrived, it sends again.
document.addEventListener("submit", (event) => {
  const form = event.target;
  // A download (the backup) leaves the page where it is: it may be asked for again at once.
  if (event.defaultPrevented || form.hasAttribute("data-resubmit")) {
    return;
  }
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "true";
  setTimeout(() => delete form.dataset.sending, 15000);
});
window.addEventListener("pageshow", () => document.querySelectorAll("form[data-sending]").forEach((form) => delete form.dataset.sending));
