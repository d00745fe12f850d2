const c = document.getElementById('c');
for (let i = 0; i < 15; i++) c.insertAdjacentHTML('beforeend', '<div class="ring"></div>');
const rings = [...document.querySelectorAll('.ring')]; let n = 0;
setInterval(() => { n = (n + 1) % 30; for (const r of rings) r.style.setProperty('--g', (n * 100 / 30) + '%'); }, 100);
