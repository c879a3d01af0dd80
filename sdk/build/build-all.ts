/** Builds every first-party plugin and fixture into a `.zip` package (filled in by the build pipeline). */
console.log('build:plugins: nothing to build yet');
