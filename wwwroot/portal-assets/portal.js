// Customer portal enhancements. Every form works without this file; it adds the signature pad and sends each form once.
(() => {
  "use strict";
  // A double tap or double click sends a form once: the second press, while the first is on its way, is ignored.
  // Back to a page kept by the browser (bfcache), and after a while in case the first never arrived, it sends again.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented) {
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
  const status = document.getElementById("status");
  // Screen readers announce what changes in a live region, not what it held when the page loaded: the text of the
  // message about the action that led here is put back a moment later, so it is heard. Its box keeps its height
  // meanwhile, so nothing under it moves under a finger.
  const arrived = status && status.firstElementChild;
  if (arrived) {
    const text = arrived.textContent;
    arrived.style.minHeight = `${arrived.offsetHeight}px`;
    arrived.textContent = "";
    setTimeout(() => {
      arrived.textContent = text;
      arrived.style.minHeight = "";
    }, 250);
  }
  const form = document.getElementById("sign-form");
  const canvas = document.getElementById("signature-pad");
  if (!form || !canvas) {
    return;
  }
  const field = document.getElementById("signature-data");
  const nameInput = document.getElementById("signer-name");
  const context = canvas.getContext("2d");
  // Strokes are kept in 0..1 coordinates so the signature survives a resize or a phone rotation.
  let strokes = [];
  let typed = "";
  let current = null;

  // Said by the live region at the top, and shown beside the pad, where the customer is looking.
  const shown = document.getElementById("pad-message");
  const say = (text) => {
    status.textContent = "";
    const message = document.createElement("p");
    message.className = "message visually-hidden";
    message.textContent = text;
    status.appendChild(message);
    shown.textContent = text;
  };

  const describe = () =>
    canvas.setAttribute("aria-label", typed ? `Signature, typed: ${typed}` : strokes.length ? "Signature, drawn" : "Signature, empty");

  const draw = (target, width, height) => {
    const ctx = target.getContext("2d");
    ctx.clearRect(0, 0, width, height);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111";
    ctx.fillStyle = "#111";
    ctx.lineWidth = Math.max(2, width / 250);
    for (const stroke of strokes) {
      ctx.beginPath();
      stroke.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x * width, y * height) : ctx.lineTo(x * width, y * height)));
      if (stroke.length === 1) {
        ctx.arc(stroke[0][0] * width, stroke[0][1] * height, ctx.lineWidth / 2, 0, Math.PI * 2);
        ctx.fill();
      } else {
        ctx.stroke();
      }
    }
    if (typed) {
      ctx.font = `italic ${Math.round(height * 0.4)}px Georgia, "Times New Roman", serif`;
      ctx.textBaseline = "middle";
      ctx.fillText(typed, width * 0.05, height * 0.55, width * 0.9);
    }
  };

  // Sized by the box's own layout, reported after the browser lays the page out: reading the size while the
  // page loads would force a layout of every item before the first paint.
  const resize = (width, height) => {
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    draw(canvas, canvas.width, canvas.height);
  };

  const point = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [(event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height];
  };

  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    shown.textContent = "";
    typed = "";
    current = [point(event)];
    strokes.push(current);
    draw(canvas, canvas.width, canvas.height);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (current) {
      current.push(point(event));
      draw(canvas, canvas.width, canvas.height);
    }
  });
  const end = () => {
    current = null;
    describe();
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);

  document.getElementById("clear-signature").addEventListener("click", () => {
    strokes = [];
    typed = "";
    field.value = "";
    draw(canvas, canvas.width, canvas.height);
    describe();
    say("Signature cleared.");
  });

  const signWithTypedName = () => {
    const name = nameInput.value.trim();
    if (!name) {
      say("Type your full name first.");
      nameInput.focus();
      return;
    }
    strokes = [];
    typed = name;
    draw(canvas, canvas.width, canvas.height);
    describe();
    say(`Your typed name "${name}" is now your signature.`);
  };
  document.getElementById("type-signature").addEventListener("click", signWithTypedName);
  canvas.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      signWithTypedName();
    }
  });

  form.addEventListener("submit", (event) => {
    // A typed signature is the name as it is sent, even when the name was corrected after it was typed.
    if (typed && nameInput.value.trim()) {
      typed = nameInput.value.trim();
      describe();
    }
    if (strokes.length === 0 && !typed) {
      event.preventDefault();
      say("Please sign in the box before you submit.");
      canvas.focus();
      return;
    }
    // A fixed, modest size keeps the PNG far below the server's 200 KB limit whatever the screen.
    const rect = canvas.getBoundingClientRect();
    const out = document.createElement("canvas");
    out.width = 600;
    out.height = Math.min(300, Math.max(100, Math.round((600 * rect.height) / rect.width)));
    draw(out, out.width, out.height);
    field.value = out.toDataURL("image/png");
  });

  new ResizeObserver(([entry]) => resize(entry.contentRect.width, entry.contentRect.height)).observe(canvas);
})();
