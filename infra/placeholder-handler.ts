// Stand-in entry used only when asset bundling is skipped (tests) and the real handler file does not
// exist yet. It is never bundled, so it is never deployed.
export const handler = async (): Promise<never> => {
  throw new Error('placeholder handler: bundling was skipped');
};
