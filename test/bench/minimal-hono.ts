// The yardstick for `npm run bench -- cold`: a Hono app with one route behind hono/aws-lambda, nothing else.
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

export const handler = handle(new Hono().get('/', (c) => c.text('ok')));
