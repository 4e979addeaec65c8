// The My talks page: copy the feed address, confirm before replacing it, and follow marks made elsewhere.
"use strict";

document.addEventListener("click", async (event) => {
  const button = event.target.closest(".copy-button");
  if (!button) return;
  const input = document.querySelector(button.dataset.copy);
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    button.textContent = "Copied";
  } catch {
    // No clipboard permission (plain http, old browser): the text is selected for Ctrl+C.
    button.textContent = "Press Ctrl+C to copy";
  }
});

document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// live.js applies the person's marks from other tabs and devices to the talks listed here (a removed one
// stays, struck through, with "Add to Calendar" to undo); a talk added elsewhere is not on this page yet:
// say so, with a link that reloads it.
document.addEventListener("pyconguide:interest", (event) => {
  const message = event.detail || {};
  if (!message.interested) return;
  if (document.querySelector(`.my-talk[data-presentation="${Number(message.presentation)}"]`)) return;
  const note = document.querySelector(".me-live");
  if (note) note.hidden = false;
});
