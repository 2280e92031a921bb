// A copy button after each suggested citation (release.html, indicator.html). Without
// JavaScript there is none, and a tap selects the whole citation (`user-select: all`). Its
// words are data-* of the `.cite` section; a citation may have a `data-copy` of its own.
const cites = [...document.querySelectorAll('.cite .citation')].filter((p) => p.textContent.trim());
if (cites.length) {
  // The page's one polite live region, there before a click so that it is announced.
  const status = document.createElement('p');
  status.className = 'cite-status';
  status.setAttribute('role', 'status');
  document.querySelector('main').append(status);
  let said;
  let selected;
  // The button's texts share one place (CSS): it keeps its size as they change.
  const show = (button, n) => [...button.children].forEach((s, i) => (s.hidden = i !== n));
  document.addEventListener('selectionchange', () => {
    // The reader left the selection: the button offers to copy again.
    if (selected && getSelection().isCollapsed) {
      show(selected, 0);
      selected = null;
    }
  });
  for (const p of cites) {
    const d = { ...p.closest('.cite').dataset, ...p.dataset };
    if (!d.copy) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'cite-copy';
    for (const text of [d.copy, d.copied, d.selected]) {
      const s = document.createElement('span');
      s.textContent = text;
      button.append(s);
    }
    show(button, 0);
    let timer;
    const say = (n, message) => {
      clearTimeout(timer);
      clearTimeout(said);
      show(button, n);
      // Emptied first: the same message twice is announced twice.
      status.textContent = '';
      said = setTimeout(() => (status.textContent = message), 50);
    };
    button.addEventListener('click', () => {
      // Called within the click: browsers let a page copy only then.
      new Promise((ok) => ok(navigator.clipboard.writeText(p.textContent.trim()))).then(
        () => {
          say(1, d.copied);
          timer = setTimeout(() => show(button, 0), 3000);
        },
        // No clipboard (http, an older browser) or not allowed: the reader copies the selection.
        () => {
          if (selected) show(selected, 0);
          getSelection().selectAllChildren(p);
          say(2, d.selectHint);
          selected = button;
        },
      );
    });
    p.after(button);
  }
}
