console.log('hello from the node stand-in case');
