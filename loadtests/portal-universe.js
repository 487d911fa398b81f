// Portal Universe load test: the user journey the release gate runs against staging.
//
// Scenarios and thresholds are not written here: they come from the LoadTest definitions
// (rules/slos.py), compiled by `mac build` to build/<env>/k6/<name>.options.json:
//
//   k6 run --config build/staging/k6/load.options.json --no-thresholds \
//          --summary-export=k6-summary.json -e BASE_URL=https://staging.example loadtests/portal-universe.js
//   mac loadtest check k6-summary.json --options build/staging/k6/load.options.json
//
// The custom metrics below are the ones those thresholds name: `errors` (Rate), and the
// `auth_duration` and `product_search_duration` Trends.
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Rate, Trend } from 'k6/metrics';

const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/$/, '');
const USERNAME = __ENV.LOADTEST_USER || 'loadtest@portal-universe.example';
const PASSWORD = __ENV.LOADTEST_PASSWORD || '';

const errors = new Rate('errors');
const authDuration = new Trend('auth_duration', true);
const productSearchDuration = new Trend('product_search_duration', true);

const SEARCHES = ['keyboard', 'monitor', 'coffee', 'book', 'headphones'];

function ok(response, name) {
  const passed = check(response, { [`${name}: status 2xx`]: (r) => r.status >= 200 && r.status < 300 });
  errors.add(!passed);
  return passed;
}

export default function () {
  let token = '';
  group('auth', () => {
    const response = http.post(`${BASE_URL}/api/auth/login`, JSON.stringify({ email: USERNAME, password: PASSWORD }), {
      headers: { 'Content-Type': 'application/json' },
      tags: { name: 'login' },
    });
    authDuration.add(response.timings.duration);
    if (ok(response, 'login')) {
      const body = response.json();
      token = (body && (body.accessToken || (body.data && body.data.accessToken))) || '';
    }
  });

  const params = { headers: token ? { Authorization: `Bearer ${token}` } : {} };

  group('blog', () => {
    ok(http.get(`${BASE_URL}/api/blog/posts?page=0&size=10`, { ...params, tags: { name: 'posts' } }), 'posts');
  });

  group('shopping', () => {
    const term = SEARCHES[Math.floor(Math.random() * SEARCHES.length)];
    const search = http.get(`${BASE_URL}/api/shopping/products?keyword=${term}`, { ...params, tags: { name: 'search' } });
    productSearchDuration.add(search.timings.duration);
    ok(search, 'product search');
  });

  sleep(1);
}
