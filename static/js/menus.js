// The header's two disclosures, <details class="account-menu"> and
// <details class="nav-menu">, work without JavaScript; this adds what a
// menu button does: Escape closes the open one and puts the focus back on
// its button, and a click elsewhere on the page closes it.
(function () {
    "use strict";

    var menus = document.querySelectorAll("details.account-menu, details.nav-menu");

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") {
            return;
        }
        menus.forEach(function (menu) {
            if (menu.open && getComputedStyle(menu.querySelector("summary")).display !== "none") {
                menu.open = false;
                menu.querySelector("summary").focus();
            }
        });
    });

    document.addEventListener("click", function (event) {
        menus.forEach(function (menu) {
            if (menu.open && !menu.contains(event.target)
                    && getComputedStyle(menu.querySelector("summary")).display !== "none") {
                menu.open = false;
            }
        });
    });
})();
