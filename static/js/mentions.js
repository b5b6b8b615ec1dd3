// @mentions in comment forms: typing "@" and two letters of a name lists
// the members who may be mentioned; choosing one inserts "@[Name](id)",
// shown as a link to their profile once posted. Without JavaScript the
// comment is posted as typed (plain text). Any answer but a 200 (a 429
// when typing faster than the rate limit, a server error) leaves the list
// closed: the member keeps typing, the comment posts as typed.
(function () {
    "use strict";

    function setUp(textarea) {
        var url = textarea.getAttribute("data-mention-url");
        var list = document.createElement("ul");
        list.className = "autocomplete__list mention-list";
        list.setAttribute("role", "listbox");
        list.hidden = true;
        textarea.parentNode.appendChild(list);
        var timer = null;

        function close() {
            list.hidden = true;
            list.innerHTML = "";
        }

        function currentQuery() {
            var before = textarea.value.slice(0, textarea.selectionStart);
            var match = /(^|\s)@([^\s@\[\]()]{2,}(?: [^\s@\[\]()]*)?)$/.exec(before);
            return match ? match[2] : null;
        }

        function insert(result) {
            var position = textarea.selectionStart;
            var before = textarea.value.slice(0, position);
            var start = before.lastIndexOf("@");
            textarea.value = before.slice(0, start) + result.token + " " + textarea.value.slice(position);
            var caret = start + result.token.length + 1;
            textarea.setSelectionRange(caret, caret);
            textarea.focus();
            close();
        }

        function show(results) {
            list.innerHTML = "";
            results.forEach(function (result) {
                var option = document.createElement("li");
                option.setAttribute("role", "option");
                option.className = "autocomplete__option";
                var button = document.createElement("button");
                button.type = "button";
                button.className = "link-button";
                button.textContent = result.name + (result.institution ? " (" + result.institution + ")" : "");
                button.addEventListener("click", function () { insert(result); });
                option.appendChild(button);
                list.appendChild(option);
            });
            list.hidden = results.length === 0;
        }

        textarea.addEventListener("input", function () {
            clearTimeout(timer);
            var query = currentQuery();
            if (!query) {
                close();
                return;
            }
            timer = setTimeout(function () {
                fetch(url + "?q=" + encodeURIComponent(query), {credentials: "same-origin"})
                    .then(function (response) { return response.ok ? response.json() : {results: []}; })
                    .then(function (data) { show(data.results || []); })
                    .catch(close);
            }, 150);
        });
        textarea.addEventListener("keydown", function (event) {
            if (event.key === "Escape") {
                close();
            }
        });
    }

    document.querySelectorAll("textarea[data-mention-url]").forEach(setUp);
})();
