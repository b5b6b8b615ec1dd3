// Members' one-click actions, enhanced when JavaScript runs; every one of
// them also works without it.
//
// - Forms with data-confirm-dialog="ID" (cancel a seat, delete a comment,
//   flag a comment) open the confirmation page without JavaScript; with it,
//   the <dialog id="ID"> opens instead, its form posting to the form's
//   data-confirm-action (or its action).
// - Bookmark forms (data-bookmark) post in the background and update the
//   button, without leaving the page.
(function () {
    "use strict";

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!(form instanceof HTMLFormElement)) {
            return;
        }
        var dialogId = form.getAttribute("data-confirm-dialog");
        if (dialogId) {
            var dialog = document.getElementById(dialogId);
            if (!dialog || typeof dialog.showModal !== "function") {
                return; // the confirmation page instead
            }
            event.preventDefault();
            var inner = dialog.querySelector("form[method=post]");
            inner.action = form.getAttribute("data-confirm-action") || form.action;
            var message = form.getAttribute("data-confirm-message");
            var text = dialog.querySelector("[data-confirm-text]");
            if (message && text) {
                text.textContent = message;
            }
            inner.reset();
            // Back to the comment the button belongs to (the dialog's own
            // "next" goes to the top of the thread).
            var next = inner.querySelector("input[name=next]");
            var comment = form.closest("li.comment[id]");
            if (next && comment) {
                next.value = window.location.pathname + "#" + comment.id;
            }
            dialog.showModal();
            return;
        }
        if (form.hasAttribute("data-bookmark") && window.fetch) {
            event.preventDefault();
            var button = form.querySelector("button");
            button.disabled = true;
            fetch(form.action, {
                method: "POST",
                body: new FormData(form),
                headers: { Accept: "application/json" },
                credentials: "same-origin",
            })
                .then(function (response) {
                    if (!response.ok) {
                        throw new Error(response.status);
                    }
                    return response.json();
                })
                .then(function (data) {
                    button.setAttribute("aria-pressed", data.bookmarked ? "true" : "false");
                    button.textContent = form.getAttribute(
                        data.bookmarked ? "data-label-on" : "data-label-off"
                    );
                    var status = form.querySelector("[role=status]");
                    if (!status) {
                        status = document.createElement("span");
                        status.setAttribute("role", "status");
                        status.className = "visually-hidden";
                        form.appendChild(status);
                    }
                    status.textContent = data.message;
                })
                .catch(function () {
                    form.submit(); // the plain form post, with its message
                })
                .finally(function () {
                    button.disabled = false;
                });
        }
    });
})();
