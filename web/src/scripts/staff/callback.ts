// /staff/callback/: where the identity provider sends the browser back with ?code=…&state=….
import { finishOidc } from './auth';
import { $, fill } from './dom';

$('app').hidden = false;
finishOidc(new URLSearchParams(location.search))
  .then((next) => location.replace(next))
  .catch((e: unknown) => {
    fill($('cb-title'), '登录没有完成');
    fill($('cb-error'), (e as Error).message);
    $('cb-error').hidden = false;
    $('cb-retry').hidden = false;
    $('cb-title').focus();
  });
