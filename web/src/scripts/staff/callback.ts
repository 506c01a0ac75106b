// /staff/callback/: where the identity provider sends the browser back with ?code=…&state=….
import { finishSignIn } from './auth';
import { $, fill } from './dom';

$('app').hidden = false;
finishSignIn()
  .then((next) => location.replace(next))
  .catch((e: unknown) => {
    fill($('cb-title'), '登录没有完成');
    fill($('cb-error'), (e as Error).message);
    $('cb-error').hidden = false;
    $('cb-retry').hidden = false;
    $('cb-title').focus();
  });
