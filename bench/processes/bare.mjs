// The comparison page: a bare express + pg + EJS page doing one indexed query (an account by its
// number), written for the bench so the portal's pages have a same-run ceiling on this machine.
// Its own process and plain node, like the portal's. Prints "listening <port>".
import express from 'express';
import ejs from 'ejs';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, options: '-c jit=off' });
const page = ejs.compile(
  `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Лицевой счёт <%= a.number %></title></head>
<body><h1>Лицевой счёт <%= a.number %></h1><p><%= a.address %></p></body></html>`,
);
const app = express();
app.get('/accounts/:number', async (req, res, next) => {
  try {
    const { rows } = await pool.query('select number, address from accounts where number = $1', [
      req.params.number,
    ]);
    if (!rows[0]) return void res.status(404).send('нет такого счёта');
    res.type('html').send(page({ a: rows[0] }));
  } catch (e) {
    next(e);
  }
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void pool.end().then(() => process.exit(0)));
});
