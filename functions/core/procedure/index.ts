// The procedure of 细则第二十五条至第三十四条: state, commands, periods and the command schema.
export * from './types';
export * from './commands';
export * from './periods';
export * from './schema';
export * from './archive';
export * from './on-report';
