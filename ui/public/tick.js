// bench/desktop.sh: hello-world with one number changing once a second.
const el = document.getElementById('n');
let n = 0;
setInterval(() => {
  el.textContent = String(++n);
}, 1000);
