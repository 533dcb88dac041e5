// The N1 console: the call timer, and the keyboard paths that keep a call fast.
(function () {
  "use strict";

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  // The timer counts from the greeting; the server says how long ago that was,
  // so a wrong clock on the agent's computer does not matter.
  function startTimer() {
    const timer = document.getElementById("call-timer");
    if (!timer) return;
    const loadedAt = Date.now();
    const elapsedAtLoad = Number(timer.dataset.elapsed || 0);
    const tick = function () {
      const seconds = elapsedAtLoad + Math.floor((Date.now() - loadedAt) / 1000);
      timer.textContent = pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
    };
    tick();
    setInterval(tick, 1000);
  }

  function addAttemptRow() {
    const total = document.getElementById("id_attempts-TOTAL_FORMS");
    const template = document.getElementById("attempt-template");
    const index = Number(total.value);
    const holder = document.createElement("tbody");
    holder.innerHTML = template.innerHTML.replaceAll("__prefix__", String(index));
    const row = holder.querySelector("tr");
    document.getElementById("attempt-rows").appendChild(row);
    total.value = String(index + 1);
    row.querySelector("input[type=text]").focus();
  }

  // Enter in the search box takes the first suggestion.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.id === "customer-search") {
      event.preventDefault();
      const first = document.querySelector("#suggestions .suggestion");
      if (first) first.click();
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-add-attempt]")) addAttemptRow();
  });

  // After each step, the cursor goes where the agent types next.
  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail.target;
    if (target.id === "customer-panel") {
      const next = document.getElementById("chosen-customer")
        ? document.getElementById("id_title")
        : target.querySelector("input:not([type=hidden])");
      if (next) next.focus();
    }
    if (target.id === "escalation-section") {
      const summary = document.getElementById("id_briefing-summary");
      if (summary) summary.focus();
      htmx.trigger("#live-panel", "refresh");
    }
  });

  // A second click on "Resolved at N1" or "Send to N2 now" must not post the
  // call again (the server refuses it too, by the call's key). The buttons are
  // disabled only after the browser has read the clicked one's name and value.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.id !== "call-form") return;
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "yes";
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  // Coming back with the browser's Back button shows the page as it was left.
  window.addEventListener("pageshow", function (event) {
    const form = document.getElementById("call-form");
    if (!event.persisted || !form) return;
    delete form.dataset.submitting;
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = button.hasAttribute("aria-hidden");
    });
  });

  document.addEventListener("DOMContentLoaded", startTimer);
})();
