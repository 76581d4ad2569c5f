// express@4 under the alias `express4`, for the tests that run in both majors; typed as its Express 5 types say.
declare module 'express4' {
  import express from 'express';
  export default express;
}
