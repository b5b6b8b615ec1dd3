// Members' one-click actions, enhanced when JavaScript runs; every one of
// them also works without it.
//
// - Forms with data-confirm-dialog="ID" (cancel a seat, delete a comment,
//   flag a comment) open the confirmation page without JavaScript; with it,
//   the <dialog id="ID"> opens instead, its form posting to the form's
//   data-confirm-action (or its action).
// - Bookmark forms (data-bookmark) post in the background and update the
//   button, without leaving the page.
// - A comment's "Reply" link (data-reply-to) moves the page's one comment
//   form (#comment-form) under that comment, as a reply to it; its
//   "Cancel" puts it back as a new comment's form. Without JavaScript the
//   link opens the page with ?reply_to=, the form replying to that comment.
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

    var commentForm = document.getElementById("comment-form");
    var commentFormHome = null;
    if (commentForm) {
        commentFormHome = document.createComment("comment-form");
        commentForm.parentNode.insertBefore(commentFormHome, commentForm);
    }

    function replyTo(id, name) {
        var replying = id !== "0";
        var key = replying ? "data-reply-label" : "data-comment-label";
        commentForm.querySelector("input[name=reply_to]").value = id;
        commentForm.querySelector("[data-reply-name]").textContent = name;
        commentForm.querySelector(".comment-form__replying").hidden = !replying;
        var refused = commentForm.querySelector(".comment-form__refused");
        if (refused) {
            refused.remove();
        }
        commentForm.querySelectorAll("[data-reply-label]").forEach(function (element) {
            element.textContent = element.getAttribute(key);
        });
    }

    document.addEventListener("click", function (event) {
        if (!commentForm || !(event.target instanceof Element)) {
            return;
        }
        var link = event.target.closest("a[data-reply-to]");
        if (link) {
            var comment = link.closest("li.comment");
            if (!comment) {
                return;
            }
            event.preventDefault();
            var author = comment.querySelector(".comment__author");
            replyTo(link.getAttribute("data-reply-to"), author ? author.textContent.trim() : "");
            // Under the comment, above its replies.
            var replies = comment.querySelector(":scope > ol.comment-list");
            comment.insertBefore(commentForm, replies);
            commentForm.querySelector("textarea").focus();
            return;
        }
        if (event.target.closest("[data-reply-cancel]") && commentForm.contains(event.target)) {
            event.preventDefault();
            replyTo("0", "");
            commentFormHome.parentNode.insertBefore(commentForm, commentFormHome);
            commentForm.querySelector("textarea").focus();
        }
    });
})();
