// The pay form's total follows the amounts as they are typed (the server shows it without JavaScript too).
/* global document */
(function () {
  var form = document.querySelector('[data-pay-form]');
  if (!form) return;
  var out = form.querySelector('[data-pay-total]');
  var inputs = form.querySelectorAll('[data-pay-amount]');
  function kop(v) {
    var s = String(v).replace(/[\s\u00a0]/g, '').replace(',', '.');
    if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
    var parts = s.split('.');
    return Number(parts[0]) * 100 + Number(((parts[1] || '') + '00').slice(0, 2));
  }
  function money(k) {
    var r = String(Math.floor(k / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
    return r + ',' + String(k % 100).padStart(2, '0') + '\u00a0₽';
  }
  function update() {
    var total = 0;
    for (var i = 0; i < inputs.length; i++) {
      var k = kop(inputs[i].value);
      if (k === null) { out.textContent = '—'; return; }
      total += k;
    }
    out.textContent = money(total);
  }
  form.addEventListener('input', update);
})();
