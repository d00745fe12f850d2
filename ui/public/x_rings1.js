const c = document.getElementById('c');
for (let i = 0; i < 15; i++) c.insertAdjacentHTML('beforeend', '<svg class="ring" viewBox="0 0 36 36"><circle class="track" cx="18" cy="18" r="15"/><circle class="arc" cx="18" cy="18" r="15" pathLength="100"/></svg>');
const arcs = [...document.querySelectorAll('.arc')]; let n = 0;
setInterval(() => { n = (n + 1) % 30; for (const a of arcs) a.setAttribute('stroke-dashoffset', String(n * 100 / 30)); }, 1000);
