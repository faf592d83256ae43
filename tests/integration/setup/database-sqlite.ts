process.env.FRAMECAST_TEST_DB_KIND = 'sqlite';
