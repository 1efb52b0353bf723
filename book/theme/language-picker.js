// The language picker in the menu bar: one link per edition, to the same page in that
// edition. The English edition is the book's root; each translation is in its LANG/ folder
// (`cargo run -- book` builds them all). The list is src/translation.rs's Language::ALL;
// tests/book.rs checks that the two agree.
(function () {
    "use strict";
    const editions = [
        ["en", "English"],
        ["zh-CN", "简体中文"],
    ];
    const here = document.documentElement.lang || "en";
    const bar = document.querySelector("#mdbook-menu-bar .right-buttons");
    if (!bar || typeof path_to_root === "undefined") {
        return;
    }
    // This edition's root, then the English edition's, from which every edition is found.
    const root = new URL(path_to_root || "./", window.location.href);
    const englishRoot = here === "en" ? root : new URL("../", root);
    const page = window.location.href.slice(root.href.length);

    const toggle = document.createElement("button");
    toggle.id = "viewbook-language-toggle";
    toggle.className = "icon-button viewbook-language-toggle";
    toggle.type = "button";
    toggle.title = "Language / 语言";
    toggle.setAttribute("aria-label", "Language / 语言");
    toggle.setAttribute("aria-haspopup", "true");
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", "viewbook-language-list");
    toggle.textContent = here === "en" ? "EN" : "中";

    const list = document.createElement("ul");
    list.id = "viewbook-language-list";
    list.className = "theme-popup viewbook-language-list";
    list.setAttribute("role", "menu");
    list.setAttribute("aria-label", "Language / 语言");
    for (const [code, name] of editions) {
        const item = document.createElement("li");
        item.setAttribute("role", "none");
        const link = document.createElement("a");
        link.setAttribute("role", "menuitem");
        link.className = "theme";
        link.lang = code;
        link.hreflang = code;
        link.textContent = name;
        link.href = new URL((code === "en" ? "" : code + "/") + page, englishRoot).href;
        if (code === here) {
            link.setAttribute("aria-current", "page");
        }
        item.appendChild(link);
        list.appendChild(item);
    }

    function show(open) {
        list.style.display = open ? "block" : "none";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    toggle.addEventListener("click", function (event) {
        event.stopPropagation();
        show(list.style.display !== "block");
    });
    document.addEventListener("click", function (event) {
        if (!list.contains(event.target)) {
            show(false);
        }
    });
    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape") {
            show(false);
        }
    });
    bar.insertBefore(list, bar.firstChild);
    bar.insertBefore(toggle, bar.firstChild);
})();
