// Suggestions under a search box (an ARIA 1.2 combobox): titles,
// institutions and people as the member types. The form still works
// without JavaScript; this only adds the list.
(function () {
    "use strict";

    function setUp(container) {
        var input = container.querySelector("input[type=search]");
        var list = container.querySelector("[role=listbox]");
        var url = container.getAttribute("data-autocomplete-url");
        if (!input || !list || !url) {
            return;
        }
        var timer = null;
        var controller = null;
        var active = -1;
        var items = [];

        function close() {
            list.hidden = true;
            list.innerHTML = "";
            items = [];
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(index) {
            items.forEach(function (item, i) {
                item.setAttribute("aria-selected", i === index ? "true" : "false");
            });
            active = index;
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", items[index].id);
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function show(results) {
            list.innerHTML = "";
            items = results.map(function (result, i) {
                var option = document.createElement("li");
                option.id = list.id + "-" + i;
                option.setAttribute("role", "option");
                option.className = "autocomplete__option";
                var link = document.createElement("a");
                link.href = result.url;
                link.tabIndex = -1;
                var title = document.createElement("span");
                title.className = "autocomplete__title";
                title.textContent = result.title;
                var meta = document.createElement("span");
                meta.className = "autocomplete__meta";
                meta.textContent = [result.kind_label, result.institution].filter(Boolean).join(" · ");
                link.appendChild(title);
                link.appendChild(meta);
                option.appendChild(link);
                list.appendChild(option);
                return option;
            });
            if (items.length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
                highlight(-1);
            } else {
                close();
            }
        }

        function fetchSuggestions() {
            var value = input.value.trim();
            if (value.length < 2) {
                close();
                return;
            }
            if (controller) {
                controller.abort();
            }
            controller = new AbortController();
            fetch(url + "?q=" + encodeURIComponent(value), {
                credentials: "same-origin",
                headers: { Accept: "application/json" },
                signal: controller.signal,
            })
                .then(function (response) {
                    return response.ok ? response.json() : { results: [] };
                })
                .then(function (data) {
                    if (input.value.trim() === value) {
                        show(data.results || []);
                    }
                })
                .catch(function () {});
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(fetchSuggestions, 120);
        });
        input.addEventListener("keydown", function (event) {
            if (list.hidden) {
                return;
            }
            if (event.key === "ArrowDown") {
                event.preventDefault();
                highlight((active + 1) % items.length);
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                highlight(active <= 0 ? items.length - 1 : active - 1);
            } else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                window.location.href = items[active].querySelector("a").href;
            } else if (event.key === "Escape") {
                close();
            }
        });
        input.addEventListener("blur", function () {
            setTimeout(close, 150);
        });
    }

    document.querySelectorAll("[data-autocomplete-url]").forEach(setUp);
})();
