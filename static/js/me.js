// The My talks page: copy the feed address, and confirm before replacing it.
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
