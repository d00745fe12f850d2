const el = document.getElementById('n'); let n = 0;
setInterval(() => { el.textContent = String(++n); }, 100);
