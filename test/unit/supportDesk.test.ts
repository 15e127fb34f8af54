// The pure helpers of requests and the support desk: safe file names, what a file is by its bytes,
// the read-only rewrite of "Смотреть как клиент", and the one-time password's shape.
import { describe, it, expect } from 'vitest';
import { safeFileName, checkFiles } from '../../src/platform/uploads.js';
import { disablePostForms, isCustomerArea } from '../../src/features/support/viewAs.js';
import { oneTimePassword } from '../../src/features/support/service.js';
import { FILES } from '../support/files.js';

const upload = (originalname: string, buffer: Buffer) =>
  ({ originalname, buffer, size: buffer.length }) as Express.Multer.File;

describe('safeFileName', () => {
  it.each([
    ['акт.pdf', 'pdf', 'акт.pdf'],
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    ['C:\\Users\\me\\скан.JPG', 'jpg', 'скан.jpg'],
    ['"a";b\r\n.png', 'png', 'ab.png'],
    ['.pdf', 'pdf', 'файл.pdf'],
    ['x'.repeat(300) + '.pdf', 'pdf', 'x'.repeat(100) + '.pdf'],
    ['счёт.pdf.exe', 'pdf', 'счёт.pdf.pdf'],
  ])('%s → %s', (name, ext, want) => expect(safeFileName(name, ext)).toBe(want));
});

describe('checkFiles', () => {
  it('takes the five kinds by content and names them by what they are', async () => {
    const r = await checkFiles([
      upload('a.pdf', FILES.pdf),
      upload('b.jpeg', FILES.jpg),
      upload('c.png', FILES.png),
      upload('d.docx', FILES.docx),
      upload('e.bin', FILES.xlsx),
    ]);
    expect(r.ok && r.files.map((f) => f.name)).toEqual(['a.pdf', 'b.jpg', 'c.png', 'd.docx', 'e.xlsx']);
  });

  it.each([
    ['a program named .pdf', FILES.exe],
    ['text named .pdf', FILES.text],
    ['a plain zip named .docx', FILES.plainZip],
  ])('refuses %s', async (_what, data) => {
    const r = await checkFiles([upload('x.pdf', data)]);
    expect(r.ok).toBe(false);
  });
});

describe('disablePostForms', () => {
  it('wraps the fields of every POST form in a disabled fieldset and leaves GET and kept forms alone', () => {
    const html =
      '<form method="get" action="/a"><input name="period"></form>' +
      '<form method="post" action="/b"><input name="x"><button>Go</button></form>' +
      '<form method="post" action="/logout" data-view-as-keep><button>Выйти</button></form>';
    expect(disablePostForms(html)).toBe(
      '<form method="get" action="/a"><input name="period"></form>' +
        '<form method="post" action="/b"><fieldset class="view-as-disabled" disabled><input name="x"><button>Go</button></fieldset></form>' +
        '<form method="post" action="/logout" data-view-as-keep><button>Выйти</button></form>',
    );
  });
});

describe('isCustomerArea', () => {
  it.each([
    ['/', true],
    ['/cabinet', true],
    ['/cabinet/accounts/connect', true],
    ['/accounts/1/bills', true],
    ['/requests/5', true],
    ['/support', false],
    ['/profile', false],
    ['/accountsX', false],
  ])('%s → %s', (path, want) => expect(isCustomerArea(path)).toBe(want));
});

describe('oneTimePassword', () => {
  it('is 10 letters and digits with both, no look-alike characters, different each time', () => {
    const many = Array.from({ length: 200 }, oneTimePassword);
    for (const p of many) {
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{10}$/);
      expect(p).toMatch(/[A-Za-z]/);
      expect(p).toMatch(/\d/);
    }
    expect(new Set(many).size).toBe(200);
  });
});
